namespace BenchSuite.Cli;

/// <summary>The exit codes the README documents.</summary>
static class ExitCodes
{
    public const int Success = 0;
    public const int CheckFailed = 1;
    public const int UsageOrData = 2;
    public const int TorchNotLoadable = 3;
    public const int Stopped = 130;
}
