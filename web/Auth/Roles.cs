namespace TwinCity.Web.Auth;

/// <summary>
/// The three roles of DESIGN §8; each is also the name of the authorization policy that admits it.
/// Every route and hub method names one of them.
/// </summary>
public static class Roles
{
    /// <summary>Control-room operators: the live twin, readings, alerts.</summary>
    public const string Operator = "operator";

    /// <summary>Planners: imports and scenarios.</summary>
    public const string Planner = "planner";

    /// <summary>Everyone, without a token: read-only, aggregated data.</summary>
    public const string Public = "public";

    /// <summary>Sensors and gateways that publish readings (HTTP ingest, MQTT); nothing else.</summary>
    public const string Sensor = "sensor";
}
