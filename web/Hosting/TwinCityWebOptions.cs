using TwinCity.Web.Hosting;

namespace TwinCity.Web;

/// <summary>Options of the web host, bound from the <c>TwinCity</c> section (and <c>--city</c> on the command line).</summary>
public sealed class TwinCityWebOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "TwinCity";

    /// <summary>Default <see cref="StateDirectory"/>, relative to the content root.</summary>
    public const string DefaultStateDirectory = ".twincity";

    /// <summary>Default Orleans silo port of the embedded twin.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Default Orleans gateway port of the embedded twin.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>Relative path of the bundled demo city inside the data folder.</summary>
    public const string DefaultCity = "osm/monaco-latest.osm.pbf";

    /// <summary>The city file to load at start (<c>--city</c>); the bundled Monaco extract when empty.</summary>
    public string? City { get; set; }

    /// <summary>Folder for tokens and blobs of the embedded twin.</summary>
    public string StateDirectory { get; set; } = DefaultStateDirectory;

    /// <summary>Operator token; generated at first start when this and <see cref="PlannerToken"/> are empty.</summary>
    public string? OperatorToken { get; set; }

    /// <summary>Planner token; generated at first start when this and <see cref="OperatorToken"/> are empty.</summary>
    public string? PlannerToken { get; set; }

    /// <summary>Key sensors publish with (HTTP bearer, MQTT password); generated with the tokens when not set.</summary>
    public string? SensorKey { get; set; }

    /// <summary>Port of the embedded MQTT broker; 0 to turn it off.</summary>
    public int MqttPort { get; set; } = 1883;

    /// <summary>An external MQTT broker (host:port) to take readings from instead of the embedded one.</summary>
    public string? MqttBroker { get; set; }

    /// <summary>User name for the external broker, if it asks for one.</summary>
    public string? MqttUser { get; set; }

    /// <summary>Password for the external broker.</summary>
    public string? MqttPassword { get; set; }

    /// <summary>Orleans silo-to-silo port of the co-hosted silo.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Orleans client gateway port of the co-hosted silo.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Largest city upload a planner may send, in bytes (default 256 MiB).</summary>
    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Request rates per client (429 with Retry-After beyond them).</summary>
    public RateLimits RateLimits { get; set; } = new();
}
