using System.Runtime.InteropServices;
using PayAtCounter.Cli;
using PayAtCounter.Cli.Hosting;

// Ctrl-C and SIGTERM cancel the running command rather than killing the process: a sale then asks the terminal to
// cancel, a webhook listener removes its subscription, a server stops cleanly. (A process started with SIGINT
// ignored, as a shell's background job is, keeps ignoring it: .NET respects that.)
using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await new PacCli(PacEnvironment.FromProcess()).RunAsync(args, stop.Token);

// The first signal asks the command to finish; a second one ends the process at once, as people expect of Ctrl-C.
void Stop(PosixSignalContext context)
{
    context.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
}
