using TwinCity.Models.Grains;
using TwinCity.Models.Sensors;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Grains;

/// <summary>The sensor register: small, read often (cached by <c>SensorDirectory</c>), edited rarely.</summary>
public sealed class SensorRegistryGrain(
    [PersistentState("sensors", TwinCitySiloOptions.StorageName)] IPersistentState<SensorRegistryState> state) : Grain, ISensorRegistryGrain
{
    /// <inheritdoc />
    public async Task<long> RegisterAsync(SensorInfo sensor)
    {
        state.State.Sensors[sensor.Id] = sensor;
        state.State.Version++;
        await state.WriteStateAsync();
        return state.State.Version;
    }

    /// <inheritdoc />
    public async Task<long> ReplaceOperatorAsync(string operatorName, IReadOnlyList<SensorInfo> sensors)
    {
        foreach (var stale in state.State.Sensors.Values.Where(s => s.Operator == operatorName).Select(s => s.Id).ToArray())
        {
            state.State.Sensors.Remove(stale);
        }

        foreach (var sensor in sensors)
        {
            state.State.Sensors[sensor.Id] = sensor with { Operator = operatorName };
        }

        state.State.Version++;
        await state.WriteStateAsync();
        return state.State.Version;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveAsync(string sensorId)
    {
        if (!state.State.Sensors.Remove(sensorId))
        {
            return false;
        }

        state.State.Version++;
        await state.WriteStateAsync();
        return true;
    }

    /// <inheritdoc />
    public Task<long> GetVersionAsync() => Task.FromResult(state.State.Version);

    /// <inheritdoc />
    public Task<(long Version, IReadOnlyList<SensorInfo> Sensors)> GetAllAsync() =>
        Task.FromResult<(long, IReadOnlyList<SensorInfo>)>((state.State.Version, [.. state.State.Sensors.Values.OrderBy(s => s.Id, StringComparer.Ordinal)]));
}
