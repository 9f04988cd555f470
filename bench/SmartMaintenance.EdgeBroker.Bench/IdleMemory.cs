using System.Globalization;
using MQTTnet;

namespace SmartMaintenance.EdgeBroker.Bench;

/// <summary>Resident memory (VmRSS from /proc) of a broker process with N devices connected and idle.</summary>
public static class IdleMemory
{
    public static async Task<MemoryResult> MeasureAsync(BrokerTarget target, int processId, int devices)
    {
        var clients = new List<IMqttClient>(devices);
        for (var i = 1; i <= devices; i += 50)
        {
            var batch = Enumerable.Range(i, Math.Min(50, devices - i + 1)).Select(d => LoadRunner.ConnectAsync(target, d));
            clients.AddRange(await Task.WhenAll(batch));
        }

        // Let the broker settle (and its GC run) with everyone connected and idle.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var rss = Rss(processId);
        var connected = clients.Count(c => c.IsConnected);
        foreach (var client in clients)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptions());
            client.Dispose();
        }

        Console.Error.WriteLine($"{target.Name}: {rss / (1024.0 * 1024):F1} MB RSS with {connected} idle devices");
        return new MemoryResult(target.Name, devices, connected, rss);
    }

    private static long Rss(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }
}
