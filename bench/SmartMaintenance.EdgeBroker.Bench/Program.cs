using SmartMaintenance.EdgeBroker.Bench;

// The bench starts itself a second time as the bare MQTTnet reference server.
if (args is [BareMqttnetReference.Mode, var port])
{
    await BareMqttnetReference.ServeAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

// micro [BenchmarkDotNet arguments]: the per-message CPU work of ingress alone (IngressBenchmarks).
if (args is ["micro", .. var rest])
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(IngressBenchmarks).Assembly).Run(rest);
    return 0;
}

// 1. Parse `--seconds N` (per case), `--idle N` (devices for the memory case), `--fsync Always|OsBuffered`,
//    `--cases 1,3` (a subset of the cases), `--broker PATH` (another build of the edge-broker).
var options = BenchOptions.Parse(args);
// 2. Start the references (Mosquitto from apt, bare MQTTnet) and our broker (own process, sink cloud for its forwarder).
await using var mosquitto = await MosquittoReference.StartAsync();
await using var bare = await BareMqttnetReference.StartAsync();
await using var sink = await SinkCloud.StartAsync();
await using var broker = await EdgeBrokerUnderTest.StartAsync(sink.Url, devices: Math.Max(100, options.IdleDevices), options.Fsync, brokerDll: options.BrokerDll);
// 3. Memory first, on fresh processes: idle devices connected, nothing published yet.
var memory = new[]
{
    await IdleMemory.MeasureAsync(mosquitto.Target, mosquitto.ProcessId, options.IdleDevices),
    await IdleMemory.MeasureAsync(bare.Target, bare.ProcessId, options.IdleDevices),
    await IdleMemory.MeasureAsync(broker.Target, broker.ProcessId, options.IdleDevices),
};
// 4. Optionally warm each broker up (QoS 1 then QoS 0 from one publisher, unmeasured), then run each case against all three, side by side, and print the table.
if (options.Warmup > TimeSpan.Zero)
{
    foreach (var target in new[] { mosquitto.Target, bare.Target, broker.Target })
    {
        await LoadRunner.RunAsync(BenchCase.All[2], target, options.Warmup / 2);
        await LoadRunner.RunAsync(BenchCase.All[0], target, options.Warmup / 2);
    }
}

var results = new List<CaseResult>();
foreach (var benchCase in options.Cases)
{
    results.Add(await LoadRunner.RunAsync(benchCase, mosquitto.Target, options.Duration));
    results.Add(await LoadRunner.RunAsync(benchCase, bare.Target, options.Duration));
    results.Add(await LoadRunner.RunAsync(benchCase, broker.Target, options.Duration));
}

Report.Print(Console.Out, options, results, memory, broker.Forwarded());
return 0;
