namespace TwinCity.Importers.Cli;

/// <summary>What <see cref="TrafficReplay"/> replays, where to, and how fast.</summary>
public sealed class ReplaySettings
{
    /// <summary>The CSV file (<c>.csv</c> or <c>.csv.gz</c>).</summary>
    public required string File { get; init; }

    /// <summary>Broker host name or address.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Broker port (the twin's embedded broker listens on 1883 by default).</summary>
    public int Port { get; init; } = 1883;

    /// <summary>Multiple of real time: 60 plays an hour of readings in a minute.</summary>
    public double Speed { get; init; } = 60;

    /// <summary>MQTT user name (the twin's broker accepts any).</summary>
    public string User { get; init; } = "twincity-replay";

    /// <summary>MQTT password: the twin's sensor key.</summary>
    public string? Password { get; init; }

    /// <summary>Most readings to publish.</summary>
    public long Limit { get; init; } = long.MaxValue;
}
