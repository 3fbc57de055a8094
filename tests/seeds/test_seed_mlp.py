"""Seed 002 (slides): the one-hidden-layer MLP example, one step, every number."""

import re

import numpy as np

# The slides' numbers (x = [1, 2], y = 1, eta = 0.1, L = 1/2 (a[2] - y)^2), with
# their arithmetic: z[1] = W[1] x + b[1] = [0.5+0.4+0.1, 0.3+1.6+0.1, 0.6+0.8+0.1];
# a[2] = 0.4*1 + 0.3*2 + 0.2*1.5 + 0.1; dL/dz[2] = a[2] - y = 0.4;
# dL/dW[2] = 0.4 a[1]^T; dL/dW[1] = 0.4 W[2]^T x^T; new = old - 0.1 * gradient.
SLIDES = {
    "z[1]": [1.0, 2.0, 1.5],
    "a[2]": [1.4],
    "dL/dW[2]": [[0.4, 0.8, 0.6]],
    "dL/db[2]": [0.4],
    "dL/dW[1]": [[0.16, 0.32], [0.12, 0.24], [0.08, 0.16]],
    "dL/db[1]": [0.16, 0.12, 0.08],
    "W[2] new": [[0.36, 0.22, 0.14]],
    "b[2] new": [0.06],
    "W[1] new": [[0.484, 0.168], [0.288, 0.776], [0.592, 0.384]],
    "b[1] new": [0.084, 0.088, 0.092],
}


def test_one_step_gives_every_number_on_the_slides(load_example):
    values = load_example("mlp_worked_example").one_step()
    assert set(values) == set(SLIDES)
    for name, expected in SLIDES.items():
        np.testing.assert_allclose(values[name], expected, rtol=0, atol=1e-12,
                                   err_msg=name)


def test_script_prints_slides_and_glassnet_side_by_side(run_example):
    out = run_example("mlp_worked_example")
    differences = [float(d) for d in re.findall(r"largest difference (\S+)", out)]
    assert len(differences) == len(SLIDES)
    assert max(differences) < 1e-12
    assert "[[0.484, 0.168]," in out
