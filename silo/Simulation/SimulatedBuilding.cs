using System.IO.Hashing;
using System.Text;
using TwinCity.Models.Entities;

namespace TwinCity.Silo.Simulation;

/// <summary>What the simulator knows of a building: its size and a stable personality.</summary>
/// <param name="Id">Entity id.</param>
/// <param name="FloorArea">Estimated floor area, m².</param>
/// <param name="Factor">Intensity factor (0.6 to 1.4), stable per building.</param>
/// <param name="HourShift">Shift of its daily cycle in hours (-1 to 1), stable per building.</param>
public sealed record SimulatedBuilding(string Id, double FloorArea, double Factor, double HourShift)
{
    /// <summary>Derives the personality from a hash of the id, so restarts and tests see the same city.</summary>
    public static SimulatedBuilding From(BuildingInfo info)
    {
        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(info.Id));
        var a = (hash & 0xFFFF) / 65535.0;
        var b = (hash >> 16) / 65535.0;
        return new SimulatedBuilding(info.Id, LoadProfile.FloorArea(info.FootprintArea, info.Height), 0.6 + (0.8 * a), (b * 2) - 1);
    }
}
