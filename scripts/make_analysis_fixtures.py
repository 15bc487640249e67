#!/usr/bin/env python3
"""Reference σ_max (largest singular value) and spectral radius for rnnscope's analysis tests.

Writes Tests/RNNCoreTests/Fixtures/analysis_matrices.json: a few W_hh-like matrices
(random uniform like nn.RNN's init, scaled, orthogonal, with complex eigenvalue pairs,
nilpotent, identity) with numpy's SVD and eigenvalues. Needs only numpy.
Run from the repository root: python3 scripts/make_analysis_fixtures.py
"""
import json
import numpy as np

rng = np.random.default_rng(7)


def case(name, m):
    m = np.asarray(m, dtype=np.float32)
    eig = np.linalg.eigvals(m.astype(np.float64))
    return {
        "name": name,
        "rows": m.shape[0],
        "values": [float(x) for x in m.reshape(-1)],
        "sigma_max": float(np.linalg.svd(m.astype(np.float64), compute_uv=False)[0]),
        "spectral_radius": float(np.max(np.abs(eig))),
    }


cases = []
h = 64
bound = 1 / np.sqrt(h)
u = rng.uniform(-bound, bound, size=(h, h))
cases.append(case("uniform_h64", u))
cases.append(case("uniform_h64_scaled_3", 3 * u))
q, _ = np.linalg.qr(rng.normal(size=(32, 32)))
cases.append(case("orthogonal_h32", q))
theta = 0.7
rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]]) * 1.3
block = np.zeros((6, 6))
block[:2, :2] = rot
block[2:4, 2:4] = rot * 0.5
block[4:, 4:] = [[0.2, 5.0], [0.0, 0.1]]
cases.append(case("complex_pairs_h6", block))
cases.append(case("nilpotent_h5", np.triu(rng.normal(size=(5, 5)), k=1)))
cases.append(case("identity_h16", np.eye(16)))
cases.append(case("normal_h48", rng.normal(size=(48, 48)) / np.sqrt(48)))

with open("Tests/RNNCoreTests/Fixtures/analysis_matrices.json", "w") as f:
    json.dump(cases, f)
print("wrote", len(cases), "cases")
