using System.Collections.Concurrent;
using TwinCity.Models.Alerts;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// Evaluates alert rules on the readings the twin accepted, and reports only transitions (a condition
/// that starts or stops holding) to the alerts grain, so a flood of readings is not a flood of grain
/// calls. Tracks when each entity's metric was last heard of, for the <c>stale</c> rules that
/// <see cref="CheckStaleAsync"/> applies on a timer. Listeners (the web front end) hear every change.
/// </summary>
public sealed class AlertEvaluator(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<(string Rule, string Entity), bool> _active = new();
    private readonly ConcurrentDictionary<(string Entity, string Metric), DateTimeOffset> _lastSeen = new();
    private volatile RuleSnapshot _rules = new(-1, [], DateTimeOffset.MinValue);

    /// <summary>Alerts that were raised, acknowledged or cleared.</summary>
    public event Action<IReadOnlyList<Alert>>? Changed;

    /// <summary>Tells listeners about changes made elsewhere (an acknowledgement through the API).</summary>
    public void Publish(IReadOnlyList<Alert> alerts)
    {
        if (alerts.Count > 0)
        {
            Changed?.Invoke(alerts);
        }
    }

    /// <summary>Forgets the cached rules (after an edit through this process).</summary>
    public void Invalidate() => _rules = _rules with { CheckedAt = DateTimeOffset.MinValue };

    /// <summary>Evaluates the rules on readings just applied.</summary>
    public async Task EvaluateAsync(IReadOnlyList<RoutedReading> applied)
    {
        var rules = await RulesAsync().ConfigureAwait(false);
        if (rules.Count == 0)
        {
            return;
        }

        var signals = new List<AlertSignal>();
        foreach (var reading in applied)
        {
            var (entity, metric) = (reading.Entity.Id, MetricCatalog.Buildings[reading.MetricIndex].Id);
            _lastSeen[(entity, metric)] = reading.Time;
            foreach (var rule in rules)
            {
                if (rule.MetricId != metric)
                {
                    continue;
                }

                var holds = rule.Condition switch
                {
                    "above" => reading.Value > rule.Threshold,
                    "below" => reading.Value < rule.Threshold,
                    _ => false, // a reading ends staleness
                };
                Transition(rule, entity, holds, reading.Value, reading.Time, signals);
            }
        }

        await ReportAsync(signals).ConfigureAwait(false);
    }

    /// <summary>Raises <c>stale</c> alerts for entities whose metric has been silent too long.</summary>
    public async Task CheckStaleAsync()
    {
        var rules = (await RulesAsync().ConfigureAwait(false)).Where(r => r.Condition == "stale").ToArray();
        if (rules.Length == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var signals = new List<AlertSignal>();
        foreach (var ((entity, metric), seen) in _lastSeen)
        {
            foreach (var rule in rules)
            {
                if (rule.MetricId == metric && now - seen > TimeSpan.FromSeconds(rule.StaleSeconds))
                {
                    Transition(rule, entity, true, double.NaN, now, signals);
                }
            }
        }

        await ReportAsync(signals).ConfigureAwait(false);
    }

    private void Transition(AlertRule rule, string entity, bool holds, double value, DateTimeOffset at, List<AlertSignal> signals)
    {
        var key = (rule.Id, entity);
        var was = _active.TryGetValue(key, out var active) && active;
        if (holds != was)
        {
            _active[key] = holds;
            signals.Add(new AlertSignal(rule.Id, entity, holds, value, at));
        }
    }

    private async Task ReportAsync(List<AlertSignal> signals)
    {
        if (signals.Count == 0)
        {
            return;
        }

        var changed = await grains.GetGrain<IAlertsGrain>(IAlertsGrain.DefaultKey).ReportAsync(signals).ConfigureAwait(false);
        Publish(changed);
    }

    private async ValueTask<IReadOnlyList<AlertRule>> RulesAsync()
    {
        var snapshot = _rules;
        if (time.GetUtcNow() - snapshot.CheckedAt < RecheckInterval)
        {
            return snapshot.Rules;
        }

        var (version, rules) = await grains.GetGrain<IAlertsGrain>(IAlertsGrain.DefaultKey).GetRulesAsync().ConfigureAwait(false);
        if (version != snapshot.Version)
        {
            // Rules changed: forget what we believed was active, the grain's open alerts are the truth.
            _active.Clear();
            foreach (var alert in await grains.GetGrain<IAlertsGrain>(IAlertsGrain.DefaultKey).GetAlertsAsync(false).ConfigureAwait(false))
            {
                _active[(alert.RuleId, alert.EntityId)] = true;
            }
        }

        _rules = new RuleSnapshot(version, rules, time.GetUtcNow());
        return rules;
    }

    private sealed record RuleSnapshot(long Version, IReadOnlyList<AlertRule> Rules, DateTimeOffset CheckedAt);
}
