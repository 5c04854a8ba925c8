using System.Net.Http.Json;
using PayAtCounter.Cli.Hosting;

namespace PayAtCounter.Cli.Tests;

/// <summary><c>pac serve</c> in-process: a real server on a free port, found by later commands, stopped by Ctrl-C.</summary>
public sealed class ServeTests
{
    [Fact]
    public async Task Serve_listens_says_where_in_its_data_folder_and_stops_cleanly_on_Ctrl_C()
    {
        var folder = Directory.CreateTempSubdirectory("pac-serve-").FullName;
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var environment = new PacEnvironment
            {
                Console = new PacConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(error), TextReader.Null, false, false),
                Variable = name => name == "PAC_CONFIG_DIR" ? Path.Combine(folder, "config") : null,
                CurrentDirectory = folder,
            };
            using var interrupt = new CancellationTokenSource();
            var serving = new PacCli(environment).RunAsync(["serve", "--port", "0", "--clock-speed", "0", "--seed", "7"], interrupt.Token);

            var urlFile = Path.Combine(folder, ".payatcounter", "server-url");
            for (var attempt = 0; attempt < 600 && !File.Exists(urlFile) && !serving.IsCompleted; attempt++)
            {
                await Task.Delay(50);
            }
            Assert.True(File.Exists(urlFile), $"no server-url file:\n{error}");
            var url = File.ReadAllText(urlFile).Trim();
            Assert.StartsWith("http://127.0.0.1:", url);

            // A command in the same folder finds the server and its key with nothing configured.
            var terminalsOutput = new StringWriter();
            var terminalsError = new StringWriter();
            var code = await new PacCli(new PacEnvironment
            {
                Console = new PacConsole(terminalsOutput, terminalsError, TextReader.Null, false, false),
                Variable = environment.Variable,
                CurrentDirectory = folder,
            }).RunAsync(["clock", "--json"]);
            Assert.True(code == 0, terminalsError.ToString());
            Assert.Contains("\"speed\": 0", terminalsOutput.ToString());

            interrupt.Cancel();
            Assert.Equal(ExitCodes.Success, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("PayAtCounter stopped.", error.ToString());
            Assert.False(File.Exists(urlFile));
            using var http = new HttpClient();
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(url));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_with_postgres_and_no_connection_string_is_a_usage_error()
    {
        var error = new StringWriter();
        var code = await new PacCli(new PacEnvironment { Console = new PacConsole(TextWriter.Null, error, TextReader.Null, false, false) })
            .RunAsync(["serve", "--provider", "postgres"]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--provider postgres needs --connection", error.ToString());
    }
}
