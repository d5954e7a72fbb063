using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BenchSuite.Results;

/// <summary>
/// Writes a curve's numbers on one line at float32 precision (<c>[0.5, 0.25, …]</c>), so that an indented record
/// stays readable and small; reads any JSON array of numbers (and the named non-finite values a diverged run writes).
/// </summary>
internal sealed class CompactDoubleArrayConverter : JsonConverter<double[]>
{
    public override double[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("expected an array of numbers");
        var values = new List<double>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            values.Add(reader.TokenType switch
            {
                JsonTokenType.Number => reader.GetDouble(),
                JsonTokenType.String => double.Parse(reader.GetString()!, CultureInfo.InvariantCulture),
                _ => throw new JsonException($"expected a number, got {reader.TokenType}"),
            });
        return [.. values];
    }

    public override void Write(Utf8JsonWriter writer, double[] value, JsonSerializerOptions options) =>
        writer.WriteRawValue("[" + string.Join(", ", value.Select(Format)) + "]", skipInputValidation: true);

    static string Format(double v) =>
        double.IsFinite(v) ? ((float)v).ToString("R", CultureInfo.InvariantCulture) : "\"" + v.ToString(CultureInfo.InvariantCulture) + "\"";
}

/// <summary>Writes an array of whole numbers on one line.</summary>
internal sealed class CompactIntArrayConverter : JsonConverter<int[]>
{
    public override int[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("expected an array of whole numbers");
        var values = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) values.Add(reader.GetInt32());
        return [.. values];
    }

    public override void Write(Utf8JsonWriter writer, int[] value, JsonSerializerOptions options) =>
        writer.WriteRawValue("[" + string.Join(", ", value.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]", skipInputValidation: true);
}
