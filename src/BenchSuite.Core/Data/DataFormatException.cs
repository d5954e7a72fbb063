namespace BenchSuite.Data;

/// <summary>Raised when a dataset is missing or malformed; the message names the path, file, record or value at fault and how to fix it.</summary>
public sealed class DataFormatException(string message, Exception? inner = null) : Exception(message, inner);
