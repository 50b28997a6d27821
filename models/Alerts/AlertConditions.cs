namespace TwinCity.Models.Alerts;

/// <summary>What an <see cref="AlertRule"/> watches for, as written in its <see cref="AlertRule.Condition"/>.</summary>
public static class AlertConditions
{
    /// <summary>A reading's value is above the threshold.</summary>
    public const string Above = "above";

    /// <summary>A reading's value is below the threshold.</summary>
    public const string Below = "below";

    /// <summary>The value rose faster than the threshold, in units per minute, since the reading before.</summary>
    public const string Rises = "rises";

    /// <summary>The value fell faster than the threshold, in units per minute, since the reading before.</summary>
    public const string Falls = "falls";

    /// <summary>No reading for more than <see cref="AlertRule.StaleSeconds"/>.</summary>
    public const string Stale = "stale";

    /// <summary>All of them, for validation and documentation.</summary>
    public static IReadOnlyList<string> All { get; } = [Above, Below, Rises, Falls, Stale];

    /// <summary>True for the conditions on the change between two readings.</summary>
    public static bool IsRate(string condition) => condition is Rises or Falls;
}
