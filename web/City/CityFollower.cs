namespace TwinCity.Web.City;

/// <summary>
/// Cluster mode: keeps this front end on the city the catalogue names, so a city one front end
/// imports reaches the viewers of every other (they are told <c>CityChanged</c> and reload).
/// Polls the catalogue's version, one small grain call every <see cref="Interval"/>.
/// </summary>
public sealed partial class CityFollower(CitySwitcher switcher, CityStatus status, ILogger<CityFollower> logger) : BackgroundService
{
    /// <summary>How often the catalogue's version is read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await status.WhenSettled.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await switcher.FollowAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFollowFailed(ex); // a silo lost, storage down: try again at the next tick
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the cluster's live city failed; retrying")]
    private partial void LogFollowFailed(Exception exception);
}
