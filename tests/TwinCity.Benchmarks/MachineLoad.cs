using System.Globalization;

namespace TwinCity.Benchmarks;

/// <summary>
/// How busy the machine is before a benchmark starts, from <c>/proc/stat</c>. At scale the figures
/// depend on what the machine did just before: HTTP runs started right after another at-scale run (whose
/// temporary folder of some 1 GB of small files is deleted as it ends) measured 250k–375k readings per
/// CPU-second, four times out of four, and runs on a machine idle before 614k–707k, five times out
/// of five. In one slow run a fifth of the web process's CPU went to ext4 finding inodes for new files.
/// Waiting for an idle machine does not explain the rest; printing what the machine did is the least.
/// </summary>
internal static class MachineLoad
{
    /// <summary>Waits until the machine's cores are at least 90% idle over 5 s (at most 3 minutes), and prints what it saw.</summary>
    public static async Task WaitUntilQuietAsync()
    {
        var started = DateTime.UtcNow;
        double busy;
        do
        {
            busy = await BusyShareAsync(TimeSpan.FromSeconds(5));
        }
        while (busy > 0.10 && DateTime.UtcNow - started < TimeSpan.FromMinutes(3));

        var waited = DateTime.UtcNow - started;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  machine before the run: {busy:P0} busy over 5 s{(waited > TimeSpan.FromSeconds(6) ? $" (waited {waited.TotalSeconds:0} s for it to quieten)" : "")}{(busy > 0.10 ? "; the figures below are not clean" : "")}"));
    }

    /// <summary>The share of all cores' time not idle over <paramref name="window"/> (waiting for the disk counts as busy); 0 where /proc/stat is missing.</summary>
    private static async Task<double> BusyShareAsync(TimeSpan window)
    {
        if (!File.Exists("/proc/stat"))
        {
            return 0;
        }

        var (idle0, total0) = Read();
        await Task.Delay(window);
        var (idle1, total1) = Read();
        return total1 == total0 ? 0 : 1 - ((double)(idle1 - idle0) / (total1 - total0));

        static (long Idle, long Total) Read()
        {
            // "cpu  user nice system idle iowait irq softirq steal ...": only idle counts as quiet.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return (fields[3], fields.Take(8).Sum());
        }
    }
}
