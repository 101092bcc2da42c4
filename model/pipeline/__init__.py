"""The training pipeline's steps, one module each; `model/train.py` runs them in order."""
