namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>Settings of <see cref="TrafficAssignment"/>.</summary>
public sealed class TrafficOptions
{
    /// <summary>Most Frank–Wolfe iterations.</summary>
    public const int DefaultMaxIterations = 30;

    /// <summary>Relative gap at which the assignment stops.</summary>
    public const double DefaultGapTolerance = 1e-3;

    /// <summary>Most Frank–Wolfe iterations.</summary>
    public int MaxIterations { get; init; } = DefaultMaxIterations;

    /// <summary>Relative gap at which the assignment stops.</summary>
    public double GapTolerance { get; init; } = DefaultGapTolerance;

    /// <summary>BPR α.</summary>
    public double Alpha { get; init; } = LinkCost.DefaultAlpha;

    /// <summary>BPR β.</summary>
    public double Beta { get; init; } = LinkCost.DefaultBeta;
}
