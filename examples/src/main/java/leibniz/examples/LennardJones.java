package leibniz.examples;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Program;
import leibniz.core.Tensor;

/**
 * A cluster of particles interacting by the Lennard-Jones potential {@code U = Σ_{i<j} 4(r⁻¹² − r⁻⁶)}
 * (reduced units: ε = σ = m = 1) in the plane. The potential is a graph; the forces are {@code F = −∇U}
 * by reverse mode, evaluated by one prepared program, and drive a molecular-dynamics integration.
 */
final class LennardJones {
    /** The spacing at which a pair has its lowest energy, {@code 2^(1/6)}. */
    static final double SPACING = Math.pow(2, 1.0 / 6);

    private final Node positions;
    private final Program energyAndForces;

    /** The potential and force program for {@code n} particles in {@code dim} dimensions. */
    LennardJones(int n, int dim) {
        positions = Node.placeholder("positions", n, dim);
        Node u = potential(positions);
        Node force = Autograd.grad(u, positions).get(0).neg();
        energyAndForces = Program.of(u, force);
    }

    /**
     * U of positions {@code [n, dim]} from all pairwise differences at once: {@code d = xᵢ − xⱼ} is
     * {@code [n, n, dim]}, r² is {@code [n, n]}. The diagonal (a particle with itself, r = 0) gets r² = 1
     * added so nothing divides by zero, then is masked out; every pair is counted twice, hence the half.
     */
    static Node potential(Node positions) {
        int n = positions.shape().dim(0);
        Node d = positions.unsqueeze(1).sub(positions.unsqueeze(0));
        Node eye = Node.constant(Tensor.eye(n));
        Node r2 = d.square().sum(2).add(eye);
        Node inv6 = r2.reciprocal().pow(3);
        Node pair = inv6.square().sub(inv6).mul(4);
        Node offDiagonal = Node.constant(Tensor.ones(n, n).sub(Tensor.eye(n)));
        return pair.mul(offDiagonal).sum().mul(0.5);
    }

    /** The energy and the forces {@code [n, dim]} at {@code x}. */
    List<Tensor> evaluate(Tensor x) {
        return energyAndForces.run(Map.of(positions, x));
    }

    /** The potential energy, the kinetic energy {@code Σ v²/2} and their sum at each recorded step. */
    record Trajectory(double[] time, double[] potential, double[] kinetic, double[] total) {
        /** The largest {@code |E(t) − E(0)| / |E(0)|}. */
        double drift() {
            double worst = 0;
            for (double e : total) {
                worst = Math.max(worst, Math.abs(e - total[0]) / Math.abs(total[0]));
            }
            return worst;
        }
    }

    /**
     * Integrates {@code ẍ = F(x)} for {@code steps} steps of {@code dt} from (x, v), recording the energies
     * after every step. Velocity Verlet (half kick, drift, new force, half kick) is symplectic and
     * time-reversible, so its energy error stays bounded; explicit Euler ({@code verlet = false}: positions
     * and velocities both stepped with the old values) is neither, and its energy drifts.
     */
    Trajectory integrate(Tensor x0, Tensor v0, int steps, double dt, boolean verlet) {
        Tensor x = x0;
        Tensor v = v0;
        List<Tensor> uf = evaluate(x);
        double[] time = new double[steps + 1];
        double[] potential = new double[steps + 1];
        double[] kinetic = new double[steps + 1];
        double[] total = new double[steps + 1];
        record(0, 0, uf.get(0).item(), v, time, potential, kinetic, total);
        for (int s = 1; s <= steps; s++) {
            Tensor f = uf.get(1);
            if (verlet) {
                Tensor half = v.add(f.mul(dt / 2));
                x = x.add(half.mul(dt));
                uf = evaluate(x);
                v = half.add(uf.get(1).mul(dt / 2));
            } else {
                x = x.add(v.mul(dt));
                v = v.add(f.mul(dt));
                uf = evaluate(x);
            }
            record(s, s * dt, uf.get(0).item(), v, time, potential, kinetic, total);
        }
        return new Trajectory(time, potential, kinetic, total);
    }

    private static void record(int s, double t, double u, Tensor v, double[] time, double[] potential,
            double[] kinetic, double[] total) {
        time[s] = t;
        potential[s] = u;
        kinetic[s] = v.square().sum().item() / 2;
        total[s] = potential[s] + kinetic[s];
    }

    /** A hexagon of six particles around a seventh at the pair spacing, each moved by up to {@code jitter}. */
    static Tensor hexagon(double jitter, SplittableRandom rng) {
        double[] x = new double[14];
        for (int i = 0; i < 6; i++) {
            x[2 * i + 2] = SPACING * Math.cos(i * Math.PI / 3);
            x[2 * i + 3] = SPACING * Math.sin(i * Math.PI / 3);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] += rng.nextDouble(-jitter, jitter);
        }
        return Tensor.of(x, 7, 2);
    }

    /** Random velocities with deviation {@code std} and zero total momentum, so the cluster does not drift off. */
    static Tensor velocities(int n, double std, SplittableRandom rng) {
        Tensor v = Tensor.normal(rng, 0, std, n, 2);
        return v.sub(v.mean(0, true));
    }
}
