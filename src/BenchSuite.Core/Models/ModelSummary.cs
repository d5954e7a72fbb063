using System.Text;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>One row of a Keras model summary. <see cref="OutputShape"/> is in Keras' order (H, W, C), batch left out.</summary>
public sealed record LayerSummary(string Name, string KerasType, long[] OutputShape, long Trainable, long NonTrainable)
{
    public long Parameters => Trainable + NonTrainable;
}

/// <summary>
/// What Keras' <c>model.summary()</c> prints: layer names and types, output shapes, parameter counts. Counts include
/// the BatchNorm moving mean and variance (Keras' non-trainable parameters); there is nothing else in our buffers
/// (our BatchNorm keeps no <c>num_batches_tracked</c>).
/// </summary>
public sealed record ModelSummary(string ModelName, IReadOnlyList<LayerSummary> Layers)
{
    public long Total => Layers.Sum(l => l.Parameters);
    public long Trainable => Layers.Sum(l => l.Trainable);
    public long NonTrainable => Layers.Sum(l => l.NonTrainable);

    /// <summary>Shapes come from pushing one zero image through the layers, in inference mode.</summary>
    public static ModelSummary Of(KerasModel model)
    {
        bool wasTraining = model.training;
        model.eval();
        var rows = new List<LayerSummary>();
        using (no_grad())
        using (NewDisposeScope())
        {
            var x = zeros(1, 3, 32, 32);
            foreach (var layer in model.Layers)
            {
                if (layer.Module is not null) x = layer.Module.call(x);
                long trainable = layer.Module?.parameters().Sum(p => p.numel()) ?? 0;
                long nonTrainable = layer.Module?.buffers().Sum(b => b.numel()) ?? 0;
                rows.Add(new LayerSummary(layer.Name, layer.KerasType, KerasOrder(x.shape), trainable, nonTrainable));
            }
        }
        model.train(wasTraining);
        return new ModelSummary(model.GetName(), rows);
    }

    /// <summary>The summary as Keras 2.14 prints it (columns widened so no layer name wraps).</summary>
    public string ToKerasText()
    {
        const int nameWidth = 45, shapeWidth = 26, width = 82;
        var text = new StringBuilder();
        text.AppendLine($"Model: \"{ModelName}\"");
        text.AppendLine(new string('_', width));
        text.AppendLine(Row("Layer (type)", "Output Shape", "Param #"));
        text.AppendLine(new string('=', width));
        foreach (var layer in Layers)
        {
            string shape = "(None, " + string.Join(", ", layer.OutputShape) + ")";
            if (layer.KerasType == "InputLayer") shape = "[" + shape + "]";
            text.AppendLine(Row($"{layer.Name} ({layer.KerasType})", shape, layer.Parameters.ToString()));
        }
        text.AppendLine(new string('=', width));
        text.AppendLine($"Total params: {Total} ({Memory(Total)})");
        text.AppendLine($"Trainable params: {Trainable} ({Memory(Trainable)})");
        text.AppendLine($"Non-trainable params: {NonTrainable} ({Memory(NonTrainable)})");
        text.AppendLine(new string('_', width));
        return text.ToString();

        static string Row(string name, string shape, string parameters) =>
            (" " + name.PadRight(nameWidth) + shape.PadRight(shapeWidth) + parameters).TrimEnd();
    }

    static long[] KerasOrder(long[] shape) => shape.Length == 4 ? [shape[2], shape[3], shape[1]] : shape[1..];

    /// <summary>Keras' <c>readable_memory_size</c> of float32 weights: "16.03 MB", "4.25 KB".</summary>
    static string Memory(long parameters)
    {
        double size = parameters * 4.0;
        string[] units = ["Byte", "KB", "MB", "GB", "TB"];
        int unit = 0;
        while (size >= 1024 && unit < units.Length - 1) { size /= 1024; unit++; }
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{size:0.00} {units[unit]}");
    }
}
