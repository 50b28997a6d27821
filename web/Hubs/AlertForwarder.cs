using Microsoft.AspNetCore.SignalR;
using TwinCity.Models.Alerts;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Web.Hubs;

/// <summary>Sends every alert change to the operators watching alerts.</summary>
public sealed class AlertForwarder(AlertEvaluator alerts, IHubContext<TwinHub, ITwinClient> hub) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        alerts.Changed += Forward;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        alerts.Changed -= Forward;
        return Task.CompletedTask;
    }

    private void Forward(IReadOnlyList<Alert> changed)
    {
        var group = hub.Clients.Group(TwinHub.AlertsGroup);
        foreach (var alert in changed)
        {
            _ = group.Alert(alert);
        }
    }
}
