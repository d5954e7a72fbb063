namespace BenchSuite.Configuration;

/// <summary>A bad experiment file, environment variable or option; the message names where, which key, and what is allowed.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
