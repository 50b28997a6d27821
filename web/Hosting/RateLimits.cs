using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace TwinCity.Web.Hosting;

/// <summary>
/// Request rates (configuration section <c>TwinCity:RateLimits</c>). The public is limited per IP
/// address, callers with a token per role; sensors are in addition limited per sensor by ingestion.
/// A refused request gets 429 with Retry-After.
/// </summary>
public sealed class RateLimits
{
    /// <summary>Sustained API requests per second from one address without a token.</summary>
    public int PublicPerSecond { get; set; } = 100;

    /// <summary>Requests one address without a token may send at once (a viewer loading many tiles).</summary>
    public int PublicBurst { get; set; } = 1000;

    /// <summary>Sustained API requests per second per role with a token (operator, planner, sensor gateway).</summary>
    public int TokenPerSecond { get; set; } = 2000;

    /// <summary>Requests a role with a token may send at once.</summary>
    public int TokenBurst { get; set; } = 10_000;

    /// <summary>Hub method calls per second on one SignalR connection.</summary>
    public int HubCallsPerSecond { get; set; } = 20;

    /// <summary>Hub method calls one connection may make at once.</summary>
    public int HubBurst { get; set; } = 100;
}

/// <summary>Wiring of <see cref="RateLimits"/> into ASP.NET Core's rate limiter and the hub.</summary>
public static class RateLimitsSetup
{
    /// <summary>Registers the HTTP limiter (applied by <c>UseRateLimiter</c>) and the hub filter.</summary>
    public static IServiceCollection AddTwinCityRateLimits(this IServiceCollection services, RateLimits limits)
    {
        services.AddSingleton(limits);
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var user = context.User;
                var (key, perSecond, burst) = user.Identity?.IsAuthenticated == true
                    ? ("token:" + user.Identity.Name, limits.TokenPerSecond, limits.TokenBurst)
                    : ("ip:" + context.Connection.RemoteIpAddress, limits.PublicPerSecond, limits.PublicBurst);
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(perSecond, burst));
            });
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 1;
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem($"Too many requests from this client; retry in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests, title: "Rate limited")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
        services.AddSingleton<HubRateFilter>();
        services.Configure<HubOptions>(options => options.AddFilter<HubRateFilter>());
        return services;
    }

    internal static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>
/// Holds each SignalR connection to <see cref="RateLimits.HubCallsPerSecond"/>: a flood of
/// subscriptions from one browser cannot keep the hub busy for everyone else.
/// </summary>
public sealed class HubRateFilter(RateLimits limits) : IHubFilter
{
    private static readonly object BucketKey = new();

    /// <inheritdoc />
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var items = invocationContext.Context.Items;
        if (!items.TryGetValue(BucketKey, out var value) || value is not TokenBucketRateLimiter bucket)
        {
            items[BucketKey] = bucket = new TokenBucketRateLimiter(RateLimitsSetup.Bucket(limits.HubCallsPerSecond, limits.HubBurst));
        }

        using var lease = bucket.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            throw new HubException($"{invocationContext.HubMethodName}: too many calls on this connection (at most {limits.HubCallsPerSecond} per second).");
        }

        return await next(invocationContext);
    }

    /// <inheritdoc />
    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.Items.Remove(BucketKey, out var bucket))
        {
            (bucket as IDisposable)?.Dispose();
        }

        return next(context, exception);
    }
}
