using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;

namespace BenchSuite.Tests.Layout;

/// <summary>
/// Which namespace of an assembly uses which, read from the built assembly: base types and interfaces, the types of
/// fields, properties, events, parameters, return values and locals, attributes, and every type, method or field a
/// method body names (its IL). Constants are copied into their users at compile time and leave no trace there, so the
/// <c>using</c> lines of the source files are added as well (<see cref="AddUsings"/>).
/// </summary>
sealed partial class NamespaceDependencies
{
    const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    readonly Assembly assembly;
    readonly string root;

    /// <summary>user namespace → used namespace → one example of why ("Type.Member uses Type").</summary>
    public SortedDictionary<string, SortedDictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

    /// <summary>Every namespace of the assembly under <paramref name="root"/>, without the root (e.g. "Data.Synthetic").</summary>
    public SortedSet<string> Namespaces { get; } = new(StringComparer.Ordinal);

    public NamespaceDependencies(Assembly assembly, string root)
    {
        this.assembly = assembly;
        this.root = root;
        foreach (var type in assembly.GetTypes())
            if (Short(type) is { } user)
            {
                Namespaces.Add(user);
                Scan(type, user);
            }
    }

    /// <summary>Adds the <c>using BenchSuite.X;</c> lines of the C# files under <paramref name="sourceDirectory"/> (one folder per namespace).</summary>
    public void AddUsings(string sourceDirectory)
    {
        foreach (var file in Directory.EnumerateFiles(sourceDirectory, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(sourceDirectory, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "obj" or "bin") continue;
            string text = File.ReadAllText(file);
            var declared = NamespaceLine().Match(text);
            if (!declared.Success || Short(declared.Groups[1].Value) is not { } user) continue;
            foreach (Match used in UsingLine().Matches(text))
                if (Known(used.Groups[1].Value) is { } target)
                    Add(user, target, $"{relative}: using {used.Groups[1].Value}");
        }
    }

    /// <summary>Groups of namespaces that reach each other (strongly connected, more than one member), each sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var reach = Namespaces.ToDictionary(n => n, n => Reachable(n));
        return Namespaces
            .Select(n => (IReadOnlyList<string>)Namespaces.Where(m => m == n || (reach[n].Contains(m) && reach[m].Contains(n))).ToList())
            .Where(group => group.Count > 1)
            .DistinctBy(group => string.Join(",", group))
            .ToList();
    }

    HashSet<string> Reachable(string from)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([from]);
        while (pending.TryPop(out var current))
            foreach (var next in Edges.GetValueOrDefault(current)?.Keys ?? Enumerable.Empty<string>())
                if (seen.Add(next)) pending.Push(next);
        return seen;
    }

    string? Short(Type type) => Short(type.Namespace);

    /// <summary>The namespace a using line names; for <c>using static N.Type</c>, the longest known namespace it starts with.</summary>
    string? Known(string name)
    {
        for (var candidate = Short(name); candidate is not null; candidate = candidate.Contains('.') ? candidate[..candidate.LastIndexOf('.')] : null)
            if (Namespaces.Contains(candidate)) return candidate;
        return null;
    }

    string? Short(string? ns) =>
        ns is not null && ns.StartsWith(root + ".", StringComparison.Ordinal) ? ns[(root.Length + 1)..] : null;

    void Add(string user, string used, string why)
    {
        if (user == used) return;
        Namespaces.Add(used);
        if (!Edges.TryGetValue(user, out var targets)) Edges[user] = targets = new(StringComparer.Ordinal);
        targets.TryAdd(used, why);
    }

    void Scan(Type type, string user)
    {
        void Uses(Type? used, string where)
        {
            foreach (var t in Expand(used))
                if (t.Assembly == assembly && Short(t) is { } target)
                    Add(user, target, $"{Name(type)}{where} uses {Name(t)}");
        }

        Uses(type.BaseType, " (base)");
        foreach (var i in type.GetInterfaces()) Uses(i, " (interface)");
        foreach (var a in type.CustomAttributes) Uses(a.AttributeType, " (attribute)");
        foreach (var f in type.GetFields(Declared)) Uses(f.FieldType, "." + f.Name);
        foreach (var p in type.GetProperties(Declared)) Uses(p.PropertyType, "." + p.Name);
        foreach (var e in type.GetEvents(Declared)) Uses(e.EventHandlerType, "." + e.Name);
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            string where = "." + m.Name;
            if (m is MethodInfo method) Uses(method.ReturnType, where);
            foreach (var p in m.GetParameters()) Uses(p.ParameterType, where);
            foreach (var a in m.CustomAttributes) Uses(a.AttributeType, where);
            var body = m.GetMethodBody();
            if (body is null) continue;
            foreach (var local in body.LocalVariables) Uses(local.LocalType, where);
            foreach (var member in MembersNamedIn(m, body.GetILAsByteArray() ?? []))
            {
                Uses(member as Type ?? member.DeclaringType, where);
                if (member is FieldInfo field) Uses(field.FieldType, where);
                if (member is MethodInfo called) foreach (var t in called.GetGenericArguments()) Uses(t, where);
            }
        }
    }

    /// <summary>The operands of the IL's type, method, field and token instructions, resolved in the method's generic context.</summary>
    static IEnumerable<MemberInfo> MembersNamedIn(MethodBase method, byte[] il)
    {
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            if (opCode.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
                yield return method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments)!;
            i += opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }

    /// <summary>The type and every type it is built from: element types, generic definitions and arguments.</summary>
    static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null || type.IsGenericParameter) yield break;
        if (type.HasElementType)
        {
            foreach (var t in Expand(type.GetElementType())) yield return t;
            yield break;
        }
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
            foreach (var argument in type.GetGenericArguments())
                foreach (var t in Expand(argument)) yield return t;
    }

    static string Name(Type type) => type.IsNested ? Name(type.DeclaringType!) + "+" + type.Name : type.Name;

    [GeneratedRegex(@"^namespace\s+([A-Za-z0-9_.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^using\s+(?:static\s+)?([A-Za-z0-9_.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingLine();
}
