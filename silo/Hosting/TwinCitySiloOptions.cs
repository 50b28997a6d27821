namespace TwinCity.Silo.Hosting;

/// <summary>Options of the grains, bound from the <c>TwinCity:Silo</c> section.</summary>
public sealed class TwinCitySiloOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "TwinCity:Silo";

    /// <summary>Name of the grain storage provider every TwinCity grain uses.</summary>
    public const string StorageName = "twincity";

    /// <summary>Default <see cref="FrameInterval"/>: 100 ms (DESIGN §4).</summary>
    public static readonly TimeSpan DefaultFrameInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Default <see cref="SubscriptionLifetime"/>: 2 minutes.</summary>
    public static readonly TimeSpan DefaultSubscriptionLifetime = TimeSpan.FromMinutes(2);

    /// <summary>Default <see cref="StateFlushInterval"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultStateFlushInterval = TimeSpan.FromSeconds(5);

    /// <summary>A tile grain emits at most one frame per this interval.</summary>
    public TimeSpan FrameInterval { get; set; } = DefaultFrameInterval;

    /// <summary>A front end that does not renew its subscription to a tile within this time stops receiving frames.</summary>
    public TimeSpan SubscriptionLifetime { get; set; } = DefaultSubscriptionLifetime;

    /// <summary>Building grains write their latest values at most once per this interval.</summary>
    public TimeSpan StateFlushInterval { get; set; } = DefaultStateFlushInterval;

    /// <summary>
    /// Past values a building keeps per metric (default 2,880: a day of 30-second readings, 35 KB per
    /// metric). Held in memory for now; chunked persistence comes with the persistence work.
    /// </summary>
    public int HistoryCapacity { get; set; } = 2880;
}
