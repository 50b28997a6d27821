namespace TwinCity.Silo.Simulation;

/// <summary>The built-in sensor simulator, bound from the <c>TwinCity:Simulator</c> section.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "TwinCity:Simulator";

    /// <summary>Whether the simulator runs (on by default in the embedded twin, so a newcomer sees it live).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two rounds of readings.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Simulated seconds per real second, so a daily cycle can be watched (60: a day in 24 minutes).</summary>
    public double TimeScale { get; set; } = 60;

    /// <summary>Share of buildings that report in each round (0 to 1), so buildings change at different moments.</summary>
    public double ReportingShare { get; set; } = 0.5;

    /// <summary>Seed of the random noise, for repeatable runs.</summary>
    public int Seed { get; set; } = 2026;
}
