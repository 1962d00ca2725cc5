package leibniz.optim;

/** The settings Adam and AdamW share on top of {@link Settings}: the moment decays, ε and AMSGrad. */
abstract class AdamSettings<B extends AdamSettings<B>> extends Settings<B> {
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    boolean amsgrad;

    AdamSettings(double learningRate, double weightDecay) {
        super(learningRate, weightDecay);
    }

    /** Sets β₁, the decay of the first-moment average, in [0, 1). */
    public B beta1(double beta1) {
        this.beta1 = beta1;
        return self();
    }

    /** Sets β₂, the decay of the second-moment average, in [0, 1). */
    public B beta2(double beta2) {
        this.beta2 = beta2;
        return self();
    }

    /** Sets ε, added to the denominator for numerical stability. */
    public B eps(double eps) {
        this.eps = eps;
        return self();
    }

    /** Uses AMSGrad: the denominator uses the largest second moment seen so far. */
    public B amsgrad(boolean amsgrad) {
        this.amsgrad = amsgrad;
        return self();
    }

    /** The update rule these settings describe, validated; {@code decoupled} applies weight decay to p directly. */
    AdamRule rule(String op, boolean decoupled) {
        return new AdamRule(Check.unitInterval(op, "beta1", beta1), Check.unitInterval(op, "beta2", beta2),
                Check.positive(op, "eps", eps), amsgrad, decoupled);
    }
}
