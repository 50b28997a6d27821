using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Grains;
using TwinCity.Silo.Persistence;

namespace TwinCity.Storage.Tests;

/// <summary>
/// Azurite killed in the middle of a run of grain-state writes and started again: the writes wait
/// and retry, none that completed is lost, and the log says what happened. Own Azurite instance,
/// since it is stopped.
/// </summary>
public sealed class AzuriteOutageTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private readonly Serializer _serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    [Fact]
    public async Task Writes_during_an_outage_wait_retry_and_land_once_azurite_is_back()
    {
        var log = new ListLogger();
        var store = new RetryingBlobStore(await _azurite.NewStoreAsync(), log, TimeProvider.System);
        var storage = new BlobGrainStorage("test", store, _serializer, NullLogger<BlobGrainStorage>.Instance);
        var states = Enumerable.Range(0, 20).Select(i => (Id: GrainId.Create("building", $"osm:way/{i}"), State: new GrainState<BuildingState>(new BuildingState()))).ToArray();
        foreach (var (id, state) in states)
        {
            state.State!.Metrics.Apply(new MetricReading(0, 1, DateTimeOffset.UnixEpoch.AddSeconds(1)));
            await storage.WriteStateAsync("building", id, state);
        }

        await _azurite.StopAsync();
        var during = Task.WhenAll(states.Select(s =>
        {
            s.State.State!.Metrics.Apply(new MetricReading(0, 2, DateTimeOffset.UnixEpoch.AddSeconds(2)));
            return storage.WriteStateAsync("building", s.Id, s.State);
        }));
        await log.Said("Blob store unreachable").WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(during.IsCompleted, "a write completed (was acknowledged) while the store was down");

        await _azurite.StartAsync();
        await during.WaitAsync(TimeSpan.FromSeconds(60));
        await log.Said("Blob store reachable again").WaitAsync(TimeSpan.FromSeconds(5));

        foreach (var (id, _) in states)
        {
            var read = new GrainState<BuildingState>();
            await storage.ReadStateAsync("building", id, read);
            Assert.Equal(2, read.State!.Metrics.ValueOf(0));
        }
    }

    private sealed class ListLogger : ILogger<RetryingBlobStore>
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _waits = new();
        private readonly ConcurrentQueue<string> _lines = new();

        public Task Said(string text)
        {
            var wait = _waits.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                wait.TrySetResult();
            }

            return wait.Task;
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = formatter(state, exception);
            _lines.Enqueue(line);
            foreach (var (text, wait) in _waits)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    wait.TrySetResult();
                }
            }
        }
    }
}
