"""Writes the PyTorch reference files of TorchInteropTest into this folder, for every case of torch_cases.py:
<name>.safetensors, the module's state_dict as safetensors.torch.save_file writes it; <name>.in.safetensors,
the inputs; <name>.out.safetensors, PyTorch's outputs.

    cd nn/src/test/resources/leibniz/nn/torch && python make_references.py        # any Python with torch and safetensors

Made with torch 2.13.0 (CPU) and safetensors 0.8.0; seeded, so a rerun writes the same bytes.
"""
import torch
from safetensors.torch import save_file

from torch_cases import CASES

torch.manual_seed(2024)
for name, (make, inputs, run) in CASES.items():
    module = make()
    io = inputs()
    save_file(module.state_dict(), f"{name}.safetensors")
    with torch.no_grad():
        outputs = run(module, io)
    save_file(io, f"{name}.in.safetensors")
    save_file({k: v.contiguous() for k, v in outputs.items()}, f"{name}.out.safetensors")
