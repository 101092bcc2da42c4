"""
Trains the fraud model on a dataset from `model/dataset/build-dataset.mjs`
and writes the artifacts: model.tar.gz (SageMaker built-in XGBoost),
model.onnx, model-manifest.json and parity-fixture.json.

    python model/train.py --config model/training-config.json --data DATASET.csv --out model/artifacts
"""

import argparse
import json
import os
import sys

import numpy as np

from pipeline.dataset import load_dataset
from pipeline.evaluation import evaluate
from pipeline.manifest import code_sha256, file_entry, model_version, sha256_of, write_json
from pipeline.manifest_document import manifest_document
from pipeline.model_archive import model_json, read_model_archive, write_model_archive
from pipeline.onnx_export import check_parity, to_onnx
from pipeline.parity_fixture import fixture_rows, parity_fixture
from pipeline.split import Split
from pipeline.thresholds import threshold_for_precision
from pipeline.training import predict, train_booster

PARITY_TOLERANCE = 1e-5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with open(args.config) as file:
        config = json.load(file)

    dataset = load_dataset(args.data)
    split = Split.from_config(config["split"])
    train, validation, test = split.parts(dataset)
    code_sha = code_sha256(os.path.dirname(os.path.abspath(__file__)))
    version = model_version(config, dataset.sha256, code_sha)
    log(f"{version}: {len(train.days)} train, {len(validation.days)} validation, {len(test.days)} test transactions")

    booster = train_booster(config["xgboost"], train, validation)
    validation_scores = predict(booster, validation)
    test_scores = predict(booster, test)
    rules = config["thresholds"]
    thresholds = {
        "review": threshold_for_precision(validation.is_fraud, validation_scores, rules["reviewMinPrecision"]),
        "block": threshold_for_precision(validation.is_fraud, validation_scores, rules["blockMinPrecision"]),
    }

    archive = os.path.join(args.out, "model.tar.gz")
    write_model_archive(archive, booster)
    # The archive must give back the very model: read it as the container would and score the test days again.
    if not np.array_equal(predict(read_model_archive(archive), test), test_scores):
        raise AssertionError(f"{archive} does not reproduce the trained model's scores")

    onnx_model = to_onnx(booster, dataset.feature_names, version)
    onnx_path = os.path.join(args.out, "model.onnx")
    with open(onnx_path, "wb") as file:
        file.write(onnx_model.SerializeToString())
    onnx_difference = check_parity(onnx_model, test.features, test_scores, PARITY_TOLERANCE)

    rows = fixture_rows(test, config["xgboost"]["seed"])
    check_parity(onnx_model, test.features[rows], test_scores[rows], PARITY_TOLERANCE)
    write_json(
        os.path.join(args.out, "parity-fixture.json"),
        parity_fixture(test, test_scores, rows, version, PARITY_TOLERANCE),
    )

    manifest = manifest_document(
        version=version,
        config=config,
        dataset=dataset,
        split=split,
        code_sha=code_sha,
        trees=booster.num_boosted_rounds(),
        thresholds=thresholds,
        artifacts={
            "model.tar.gz": {**file_entry(archive), "xgboostModelSha256": sha256_of(model_json(booster))},
            "model.onnx": file_entry(onnx_path),
        },
        onnx_difference=onnx_difference,
        parity={"rows": len(rows), "tolerance": PARITY_TOLERANCE},
        evaluation={
            "validation": evaluate(validation, validation_scores, thresholds),
            "test": evaluate(test, test_scores, thresholds),
        },
    )
    write_json(os.path.join(args.out, "model-manifest.json"), manifest)

    summary = manifest["evaluation"]["test"]
    review = summary["atThreshold"]["review"]
    log(
        f"{manifest['training']['trees']} trees; test: AP {summary['all']['averagePrecision']}, handbook-scenario AP "
        f"{summary['handbookScenarios']['averagePrecision']}; review at {thresholds['review']}: precision "
        f"{review['precision']}, burst recall {review['burstWithEarlierRecall']}; onnx max diff {onnx_difference:.1e}"
    )


def log(message: str) -> None:
    print(f"train: {message}", file=sys.stderr)


if __name__ == "__main__":
    main()
