"""Checks the files Leibniz wrote with -Dleibniz.torch.out=DIR (see TorchInteropTest): each <name>.safetensors
must load into the PyTorch module of its case with load_state_dict(strict=True), and PyTorch, run on the
inputs of this folder, must compute the outputs Leibniz wrote to <name>.out.safetensors.

    python check_leibniz_files.py DIR        # any Python with torch and safetensors
"""
import os
import sys

import torch
from safetensors.torch import load_file

from torch_cases import CASES

here = os.path.dirname(os.path.abspath(__file__))
folder = sys.argv[1]
failures = 0
for name, (make, _, run) in CASES.items():
    module = make()
    module.load_state_dict(load_file(os.path.join(folder, f"{name}.safetensors")), strict=True)
    inputs = load_file(os.path.join(here, f"{name}.in.safetensors"))
    theirs = load_file(os.path.join(folder, f"{name}.out.safetensors"))
    with torch.no_grad():
        ours = run(module, inputs)
    assert ours.keys() == theirs.keys(), (name, ours.keys(), theirs.keys())
    for key, expected in ours.items():
        tol = 1e-6 if expected.dtype == torch.float32 else 1e-12
        actual = theirs[key].to(expected.dtype)
        ok = torch.allclose(actual, expected, rtol=tol, atol=tol)
        failures += not ok
        print(f"{name}.{key}: {'ok' if ok else 'DIFFERS'} (max |difference| "
              f"{(actual - expected).abs().max().item():.2e})")
print(f"{len(CASES)} cases loaded with strict=True; {failures} outputs differ")
sys.exit(1 if failures else 0)
