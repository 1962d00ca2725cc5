package leibniz.examples;

import java.util.random.RandomGenerator;

/**
 * The cart-pole of Barto, Sutton and Anderson (1983) with the constants and the Euler integration of OpenAI
 * Gym's {@code CartPole-v1}: a pole hinged on a cart that a force of ±10 N pushes left or right every 0.02 s.
 * The state is {@code (x, ẋ, θ, θ̇)}; an episode fails when {@code |x| > 2.4} or {@code |θ| > 12°} and is
 * cut off after 500 steps. Every step, the failing one included, earns a reward of 1, so the return of an
 * episode is its length.
 */
final class CartPole {
    static final int MAX_STEPS = 500;
    private static final double GRAVITY = 9.8;
    private static final double CART_MASS = 1.0;
    private static final double POLE_MASS = 0.1;
    private static final double TOTAL_MASS = CART_MASS + POLE_MASS;
    /** Half the pole's length: the distance from the hinge to the pole's centre of mass. */
    private static final double HALF_LENGTH = 0.5;
    private static final double POLE_MASS_LENGTH = POLE_MASS * HALF_LENGTH;
    private static final double FORCE = 10.0;
    private static final double TAU = 0.02;
    private static final double X_LIMIT = 2.4;
    private static final double THETA_LIMIT = 12 * 2 * Math.PI / 360;

    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;
    private int steps;

    private CartPole(double x, double xDot, double theta, double thetaDot) {
        this.x = x;
        this.xDot = xDot;
        this.theta = theta;
        this.thetaDot = thetaDot;
    }

    /** A new episode: every state variable uniform on [−0.05, 0.05), as Gym's {@code reset}. */
    static CartPole reset(RandomGenerator rng) {
        return new CartPole(rng.nextDouble(-0.05, 0.05), rng.nextDouble(-0.05, 0.05), rng.nextDouble(-0.05, 0.05),
                rng.nextDouble(-0.05, 0.05));
    }

    /** A cart-pole in the given state, for tests. */
    static CartPole at(double x, double xDot, double theta, double thetaDot) {
        return new CartPole(x, xDot, theta, thetaDot);
    }

    /** The state {@code (x, ẋ, θ, θ̇)}. */
    double[] state() {
        return new double[] {x, xDot, theta, thetaDot};
    }

    /** The number of steps taken. */
    int steps() {
        return steps;
    }

    /**
     * Pushes the cart left (action 0) or right (action 1) for one time step: the equations of motion of
     * the pole on the cart (frictionless), then one explicit Euler step of every variable, positions with
     * the old velocities as Gym does.
     */
    void step(int action) {
        if (done()) {
            throw new IllegalStateException("cartpole: step after the episode ended");
        }
        double force = action == 1 ? FORCE : -FORCE;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp)
                / (HALF_LENGTH * (4.0 / 3.0 - POLE_MASS * cos * cos / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        x += TAU * xDot;
        xDot += TAU * xAcc;
        theta += TAU * thetaDot;
        thetaDot += TAU * thetaAcc;
        steps++;
    }

    /** True when the pole fell, the cart left the track, or 500 steps were taken. */
    boolean done() {
        return failed() || steps >= MAX_STEPS;
    }

    /** True when the pole leans more than 12° or the cart is more than 2.4 from the centre. */
    boolean failed() {
        return Math.abs(x) > X_LIMIT || Math.abs(theta) > THETA_LIMIT;
    }
}
