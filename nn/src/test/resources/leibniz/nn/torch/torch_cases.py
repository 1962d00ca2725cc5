"""The PyTorch side of TorchInteropTest: the modules, their inputs and what PyTorch computes from them.

make_references.py writes, for every case, <name>.safetensors (the module's state_dict, as
safetensors.torch.save_file writes it) and <name>.io.safetensors (the inputs and PyTorch's outputs);
check_leibniz_files.py loads the files Leibniz wrote into the same modules with strict=True.
"""
import torch
from torch import nn

F64 = torch.float64


def spread(*tensors):
    """Moves parameters off their constant initial values (ones, zeros) to random ones."""
    with torch.no_grad():
        for t in tensors:
            t.uniform_(-1, 1)


def spread_module(module):
    spread(*module.parameters())
    return module


def batch_norm(module):
    spread(module.weight, module.bias)
    with torch.no_grad():
        module.running_mean.uniform_(-1, 1)
        module.running_var.uniform_(0.5, 1.5)
        module.num_batches_tracked.fill_(4)
    return module


def mha(module):
    spread(module.in_proj_bias, module.out_proj.bias)
    return module


def eval_output(module, io):
    module.eval()
    return {"y": module(io["x"])}


def train_three_then_evaluate(module, io):
    """Three training steps (outputs y0..y2), then evaluation (ye); the state after training as trained.*."""
    out = {}
    module.train()
    for k in range(3):
        out[f"y{k}"] = module(io[f"x{k}"])
    module.eval()
    out["ye"] = module(io["xe"])
    for name, t in module.state_dict().items():
        out["trained." + name] = t
    return out


def recurrent(module, io):
    if isinstance(module, nn.LSTM):
        y, (h, c) = module(io["x"], (io["h0"].unsqueeze(0), io["c0"].unsqueeze(0)))
        return {"y": y, "h": h[0], "c": c[0]}
    y, h = module(io["x"], io["h0"].unsqueeze(0))
    return {"y": y, "h": h[0]}


def cell(module, io):
    if isinstance(module, nn.LSTMCell):
        h, c = module(io["x"], (io["h0"], io["c0"]))
        return {"h": h, "c": c}
    return {"h": module(io["x"], io["h0"])}


def attention(module, io):
    module.eval()
    x, q, kv = io["x"], io["q"], io["kv"]
    t = x.shape[1]
    causal = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
    return {
        "y": module(x, x, x, need_weights=False)[0],
        "y_causal": module(x, x, x, attn_mask=causal, need_weights=False)[0],
        "y_cross": module(q, kv, kv, need_weights=False)[0],
    }


def normal(*shape, dtype=F64):
    return torch.randn(*shape, dtype=F64).to(dtype)


# name -> (module factory, input factory, run). Float64 unless the name says f32 (PyTorch's default type).
CASES = {
    "linear": (lambda: nn.Linear(3, 4).double(), lambda: {"x": normal(2, 5, 3)}, eval_output),
    "linear_no_bias": (lambda: nn.Linear(3, 2, bias=False).double(), lambda: {"x": normal(4, 3)}, eval_output),
    "conv1d": (lambda: nn.Conv1d(2, 3, 3, stride=2, padding=1).double(), lambda: {"x": normal(2, 2, 7)},
               eval_output),
    "conv2d": (lambda: nn.Conv2d(2, 3, (3, 2), stride=(2, 1), padding=(1, 0)).double(),
               lambda: {"x": normal(2, 2, 5, 4)}, eval_output),
    "embedding": (lambda: nn.Embedding(6, 3).double(), lambda: {"x": torch.randint(0, 6, (2, 4))}, eval_output),
    "layer_norm": (lambda: spread_module(nn.LayerNorm(4).double()), lambda: {"x": normal(2, 3, 4)}, eval_output),
    "batch_norm1d": (lambda: batch_norm(nn.BatchNorm1d(3).double()),
                     lambda: {"x0": normal(5, 3), "x1": normal(5, 3), "x2": normal(5, 3), "xe": normal(2, 3)},
                     train_three_then_evaluate),
    "batch_norm1d_cumulative": (lambda: batch_norm(nn.BatchNorm1d(3, momentum=None).double()),
                                lambda: {"x0": normal(2, 3, 4), "x1": normal(2, 3, 4), "x2": normal(3, 3, 2),
                                         "xe": normal(2, 3, 4)},
                                train_three_then_evaluate),
    "batch_norm2d": (lambda: batch_norm(nn.BatchNorm2d(3, momentum=0.3, eps=1e-3).double()),
                     lambda: {"x0": normal(2, 3, 4, 5), "x1": normal(2, 3, 4, 5), "x2": normal(1, 3, 3, 2),
                              "xe": normal(2, 3, 4, 5)},
                     train_three_then_evaluate),
    "rnn": (lambda: nn.RNN(3, 4, batch_first=True).double(), lambda: {"x": normal(2, 5, 3), "h0": normal(2, 4)},
            recurrent),
    "gru": (lambda: nn.GRU(3, 4, batch_first=True).double(), lambda: {"x": normal(2, 5, 3), "h0": normal(2, 4)},
            recurrent),
    "lstm": (lambda: nn.LSTM(3, 4, batch_first=True).double(),
             lambda: {"x": normal(2, 5, 3), "h0": normal(2, 4), "c0": normal(2, 4)}, recurrent),
    "rnn_cell": (lambda: nn.RNNCell(3, 4).double(), lambda: {"x": normal(2, 3), "h0": normal(2, 4)}, cell),
    "gru_cell": (lambda: nn.GRUCell(3, 4).double(), lambda: {"x": normal(2, 3), "h0": normal(2, 4)}, cell),
    "lstm_cell": (lambda: nn.LSTMCell(3, 4).double(),
                  lambda: {"x": normal(2, 3), "h0": normal(2, 4), "c0": normal(2, 4)}, cell),
    "multihead_attention": (lambda: mha(nn.MultiheadAttention(4, 2, batch_first=True).double()),
                            lambda: {"x": normal(2, 5, 4), "q": normal(2, 3, 4), "kv": normal(2, 6, 4)}, attention),
    "mlp_f32": (lambda: nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Dropout(0.5), nn.Linear(8, 3)),
                lambda: {"x": normal(5, 4, dtype=torch.float32)}, eval_output),
    "cnn_f32": (lambda: nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), batch_norm(nn.BatchNorm2d(2)), nn.ReLU(),
                                      nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(8, 3)),
                lambda: {"x": normal(2, 1, 4, 4, dtype=torch.float32)}, eval_output),
}

