using System.Runtime.InteropServices;
using PayAtCounter.Cli;
using PayAtCounter.Cli.Hosting;

// Ctrl-C and SIGTERM cancel the running command rather than killing the process: a sale then asks the terminal to
// cancel, a webhook listener removes its subscription, a server stops cleanly.
using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await new PacCli(PacEnvironment.FromProcess()).RunAsync(args, stop.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
