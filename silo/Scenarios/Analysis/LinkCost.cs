namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>
/// The Bureau of Public Roads link cost: t(v) = t0 · (1 + α (v / c)^β), the usual volume-delay
/// function of static assignment (US BPR Traffic Assignment Manual, 1964).
/// </summary>
public static class LinkCost
{
    /// <summary>The manual's α.</summary>
    public const double DefaultAlpha = 0.15;

    /// <summary>The manual's β.</summary>
    public const double DefaultBeta = 4.0;

    /// <summary>Travel time in seconds of an arc carrying <paramref name="flow"/> vehicles per hour.</summary>
    /// <param name="freeFlowSeconds">t0.</param>
    /// <param name="flow">v, vehicles per hour.</param>
    /// <param name="capacity">c, vehicles per hour; zero or less means closed (infinite time).</param>
    /// <param name="alpha">α.</param>
    /// <param name="beta">β.</param>
    public static double Bpr(double freeFlowSeconds, double flow, double capacity, double alpha = DefaultAlpha, double beta = DefaultBeta)
    {
        if (capacity <= 0)
        {
            return double.PositiveInfinity;
        }

        var ratio = flow / capacity;
        var power = beta == 4.0 ? ratio * ratio * ratio * ratio : Math.Pow(ratio, beta);
        return freeFlowSeconds * (1 + (alpha * power));
    }
}
