using System.Runtime.InteropServices;

namespace PayAtCounter.Server.Hosting;

/// <summary>
/// Tunes glibc's allocator, which SQLite allocates from. In WAL mode every commit by one connection makes the
/// others drop their page caches, so each transaction frees and allocates again a few hundred KB of pages.
/// With glibc's default trim threshold (128 KB) the freed top of each thread's heap went back to the kernel
/// and was mapped and zeroed again moments later: ~650 mprotect calls a second and page faults during a
/// webhook burst. Keeping up to 32 MB of freed memory per heap halved the webhook p99 (bench/NOTES.md).
/// </summary>
internal static class NativeHeap
{
    private const int TrimThresholdOption = -1;   // M_TRIM_THRESHOLD in malloc.h
    private const int TrimThresholdBytes = 32 * 1024 * 1024;

    /// <summary>Sets the trim threshold on Linux with glibc; elsewhere (or with another C library) does nothing.</summary>
    public static void KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        try
        {
            mallopt(TrimThresholdOption, TrimThresholdBytes);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl (Alpine) has no mallopt; its allocator is left as it is.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int option, int value);
}
