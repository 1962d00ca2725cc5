# Writes pytorch_step_schedules.txt: the learning rate PyTorch uses for each batch under per-step
# schedulers, read by StepSchedulesTest. Run with PyTorch 2.x:
#   python pytorch_step_schedules.py > pytorch_step_schedules.txt
# Each line is "name: lr_0 lr_1 ..." with lr_t the rate of batch t (scheduler.step() after each batch),
# printed with repr, which round-trips every double exactly.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, OneCycleLR, SequentialLR


def rates(make, lr, steps):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr)
    sched = make(opt)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


cases = {
    # OneCycleLR's defaults: pct_start 0.3, div_factor 25, final_div_factor 1e4, cosine annealing.
    "oneCycle(20) max 0.1": rates(lambda o: OneCycleLR(o, max_lr=0.1, total_steps=20, cycle_momentum=False), 0.1, 20),
    # pct_start * T = 4.25: the peak falls between steps.
    "oneCycle(17, 0.25, 10, 100) max 0.01": rates(lambda o: OneCycleLR(o, max_lr=0.01, total_steps=17, pct_start=0.25,
                                                                       div_factor=10, final_div_factor=100,
                                                                       cycle_momentum=False), 0.01, 17),
    "oneCycle(5, 0, 25, 1e4) max 1": rates(lambda o: OneCycleLR(o, max_lr=1.0, total_steps=5, pct_start=0.0,
                                                                cycle_momentum=False), 1.0, 5),
    # Linear warm-up over 3 steps from 1/4 of the base rate, then cosine over 9 steps down to 1e-3.
    "warmupCosine(3, 12, 1e-3) base 0.5": rates(lambda o: SequentialLR(o, [LinearLR(o, start_factor=0.25, total_iters=3),
                                                                         CosineAnnealingLR(o, T_max=9, eta_min=1e-3)],
                                                                     milestones=[3]), 0.5, 12),
}
print("# PyTorch " + torch.__version__ + ", made by pytorch_step_schedules.py")
for name, values in cases.items():
    print(name + ": " + " ".join(repr(v) for v in values))
