# Per-sample gradients of the W1 MLP in PyTorch (torch.func), against its batch gradient: the figure the
# README quotes under "Forward mode and vmap". Run with any Python that has torch: python examples/peers/per_sample_torch.py
import torch, time
from torch.func import vmap, grad, functional_call
torch.set_num_threads(1); torch.set_default_dtype(torch.float64)
m = torch.nn.Sequential(torch.nn.Linear(784,256), torch.nn.ReLU(), torch.nn.Linear(256,256), torch.nn.ReLU(), torch.nn.Linear(256,10))
x = torch.randn(64,784); y = torch.randint(0,10,(64,))
params = {k: v.detach() for k,v in m.named_parameters()}
def loss(p, xb, yb): return torch.nn.functional.cross_entropy(functional_call(m, p, (xb,)), yb)
def one(p, xi, yi): return loss(p, xi.unsqueeze(0), yi.unsqueeze(0))
g = grad(loss); ps = vmap(grad(one), in_dims=(None,0,0))
def t(f, n=30):
    for _ in range(5): f()
    ts=[]
    for _ in range(n):
        s=time.perf_counter(); f(); ts.append(time.perf_counter()-s)
    ts.sort(); return ts[len(ts)//2]*1e3
for r in range(3):
    a=t(lambda: g(params,x,y)); b=t(lambda: ps(params,x,y))
    print(f"batch grad {a:.2f} ms, per-sample {b:.2f} ms, ratio {b/a:.1f}")
