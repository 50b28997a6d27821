using System.Globalization;
using TwinCity.Models.Alerts;
using TwinCity.Models.Grains;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Grains;

/// <summary>
/// Rules and the alert lifecycle (raised → acknowledged → cleared). It only sees condition changes,
/// never every reading: the ingestion path evaluates rules and reports transitions.
/// </summary>
public sealed class AlertsGrain(
    [PersistentState("alerts", TwinCitySiloOptions.StorageName)] IPersistentState<AlertsState> state,
    TimeProvider time) : Grain, IAlertsGrain
{
    /// <summary>Cleared alerts kept for the list.</summary>
    private const int ClearedKept = 200;

    /// <inheritdoc />
    public async Task<long> SetRuleAsync(AlertRule rule)
    {
        state.State.Rules[rule.Id] = rule;
        state.State.Version++;
        await state.WriteStateAsync();
        return state.State.Version;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRuleAsync(string ruleId)
    {
        if (!state.State.Rules.Remove(ruleId))
        {
            return false;
        }

        foreach (var key in state.State.Open.Keys.Where(k => k.StartsWith(ruleId + "|", StringComparison.Ordinal)).ToArray())
        {
            Clear(key, time.GetUtcNow());
        }

        state.State.Version++;
        await state.WriteStateAsync();
        return true;
    }

    /// <inheritdoc />
    public Task<(long Version, IReadOnlyList<AlertRule> Rules)> GetRulesAsync() =>
        Task.FromResult<(long, IReadOnlyList<AlertRule>)>((state.State.Version, [.. state.State.Rules.Values]));

    /// <inheritdoc />
    public async Task<IReadOnlyList<Alert>> ReportAsync(IReadOnlyList<AlertSignal> signals)
    {
        var changed = new List<Alert>();
        foreach (var signal in signals)
        {
            var key = signal.RuleId + "|" + signal.EntityId;
            var open = state.State.Open.ContainsKey(key);
            if (signal.Active && !open && state.State.Rules.TryGetValue(signal.RuleId, out var rule))
            {
                var alert = new Alert(Guid.NewGuid().ToString("N")[..12], rule.Id, signal.EntityId, rule.MetricId, "raised", double.IsFinite(signal.Value) ? signal.Value : null, signal.Time, null, null, Describe(rule, signal));
                state.State.Open[key] = alert;
                changed.Add(alert);
            }
            else if (!signal.Active && open)
            {
                changed.Add(Clear(key, signal.Time));
            }
        }

        if (changed.Count > 0)
        {
            await state.WriteStateAsync();
        }

        return changed;
    }

    /// <inheritdoc />
    public async Task<Alert?> AcknowledgeAsync(string alertId)
    {
        var (key, alert) = state.State.Open.FirstOrDefault(p => p.Value.Id == alertId);
        if (alert is null || alert.State != "raised")
        {
            return alert;
        }

        var acknowledged = alert with { State = "acknowledged", AcknowledgedAt = time.GetUtcNow() };
        state.State.Open[key] = acknowledged;
        await state.WriteStateAsync();
        return acknowledged;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Alert>> GetAlertsAsync(bool includeCleared) =>
        Task.FromResult<IReadOnlyList<Alert>>([.. state.State.Open.Values.OrderBy(a => a.RaisedAt), .. includeCleared ? state.State.Cleared : []]);

    private Alert Clear(string key, DateTimeOffset at)
    {
        var cleared = state.State.Open[key] with { State = "cleared", ClearedAt = at };
        state.State.Open.Remove(key);
        state.State.Cleared.Add(cleared);
        if (state.State.Cleared.Count > ClearedKept)
        {
            state.State.Cleared.RemoveAt(0);
        }

        return cleared;
    }

    private static string Describe(AlertRule rule, AlertSignal signal) => rule.Condition switch
    {
        AlertConditions.Stale => string.Create(CultureInfo.InvariantCulture, $"{signal.EntityId}: no {rule.MetricId} reading for more than {rule.StaleSeconds} s"),
        AlertConditions.Rises => string.Create(CultureInfo.InvariantCulture, $"{signal.EntityId}: {rule.MetricId} rises by {signal.Value:0.##} per minute, faster than {rule.Threshold:0.##}"),
        AlertConditions.Falls => string.Create(CultureInfo.InvariantCulture, $"{signal.EntityId}: {rule.MetricId} falls by {-signal.Value:0.##} per minute, faster than {rule.Threshold:0.##}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{signal.EntityId}: {rule.MetricId} {signal.Value:0.##} is {rule.Condition} {rule.Threshold:0.##}"),
    };
}
