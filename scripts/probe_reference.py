#!/usr/bin/python3
"""Reference fits for LinearProbeTest, computed with scikit-learn's multinomial logistic regression.

Command (from the repository root; writes alignment-core/src/test/resources/probe-reference/sklearn-multinomial.json):

    /usr/bin/python3 scripts/probe_reference.py

Data: 120 points in 6 dimensions, 4 classes (30 each), drawn from Gaussians around class means with numpy's
seeded generator, rounded to 6 decimals (the JSON is the data, not the generator). For each L2 strength l2 of
listkit's objective, mean cross-entropy + (l2 / 2) ||W||^2 (bias not penalised), scikit-learn's
LogisticRegression(multi_class="multinomial", solver="lbfgs", C=1 / (l2 * N), tol=1e-12, max_iter=100000)
minimises the same function scaled by C * N; its coefficients, intercepts and test-point probabilities are
stored. scikit-learn's intercepts are only determined up to a common shift when unpenalised, so the test
compares probabilities, coefficients, and intercepts after removing their mean.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

OUT = os.path.join("alignment-core", "src", "test", "resources", "probe-reference", "sklearn-multinomial.json")


def main():
    rng = np.random.default_rng(2024)
    classes, per_class, dims = 4, 30, 6
    means = rng.normal(0.0, 1.0, size=(classes, dims))
    x = np.concatenate([means[c] + rng.normal(0.0, 1.2, size=(per_class, dims)) for c in range(classes)])
    y = np.repeat(np.arange(classes), per_class)
    x = np.round(x, 6)
    test = np.round(rng.normal(0.0, 1.5, size=(10, dims)), 6)
    fits = []
    for l2 in [1e-3, 1e-1]:
        n = x.shape[0]
        m = LogisticRegression(multi_class="multinomial", solver="lbfgs", C=1.0 / (l2 * n), tol=1e-12,
                               max_iter=100000)
        m.fit(x, y)
        fits.append({
            "l2": l2,
            "coef": m.coef_.tolist(),
            "intercept": m.intercept_.tolist(),
            "testProbabilities": m.predict_proba(test).tolist(),
            "trainAccuracy": float(m.score(x, y)),
        })
    out = {
        "generator": "scripts/probe_reference.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "classes": classes,
        "x": x.tolist(),
        "y": y.tolist(),
        "test": test.tolist(),
        "fits": fits,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
