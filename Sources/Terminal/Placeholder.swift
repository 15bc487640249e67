// Placeholder until the Terminal layer lands; safe to delete.
