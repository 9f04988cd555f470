using SmartMaintenance.Cloud.Ml.Bench;

// 1. Train and register the cloud's baseline model in a temp registry.  2. In-process latency.
// 3. API latency at a fixed request rate against the real cloud host.  Usage: --rate 1000 --seconds 10
return await PredictionBench.RunAsync(args, Console.Out);
