using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace SmartMaintenance.Firmware.Tests.NanoSafety;

/// <summary>
/// Reads a compiled assembly's metadata and lists everything nanoFramework's metadata processor would refuse:
/// generic type and method definitions, generic instantiations anywhere in a signature (fields, methods,
/// properties, member references, locals, type specs), method specs, and references to APIs the device lacks.
/// Nothing is excluded by default; callers may pass exact names of compiler-generated types to skip.
/// </summary>
internal static class GenericUsageScanner
{
    private static readonly string[] BannedNamespaces = ["System.Collections.Generic", "System.Linq", "System.Threading.Tasks"];
    private static readonly string[] BannedTypes = ["System.Nullable`1", "System.Span`1", "System.ReadOnlySpan`1", "System.Math", "System.MathF"];

    public static List<string> Scan(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var findings = new List<string>();
        var provider = new GenericDetector(md);

        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            var typeName = Name(md, type);
            if (type.GetGenericParameters().Count > 0)
            {
                findings.Add($"generic type definition {typeName}");
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                if (provider.Check(() => field.DecodeSignature(provider, null)))
                {
                    findings.Add($"generic instantiation in field {typeName}.{md.GetString(field.Name)}");
                }
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var methodName = $"{typeName}.{md.GetString(method.Name)}";
                if (method.GetGenericParameters().Count > 0)
                {
                    findings.Add($"generic method definition {methodName}");
                }

                if (provider.Check(() => method.DecodeSignature(provider, null)))
                {
                    findings.Add($"generic instantiation in signature of {methodName}");
                }

                if (method.RelativeVirtualAddress != 0)
                {
                    var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    if (!body.LocalSignature.IsNil
                        && provider.Check(() => md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null)))
                    {
                        findings.Add($"generic instantiation in locals of {methodName}");
                    }
                }
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = md.GetPropertyDefinition(propertyHandle);
                if (provider.Check(() => property.DecodeSignature(provider, null)))
                {
                    findings.Add($"generic instantiation in property {typeName}.{md.GetString(property.Name)}");
                }
            }
        }

        foreach (var handle in md.TypeReferences)
        {
            var reference = md.GetTypeReference(handle);
            var ns = md.GetString(reference.Namespace);
            var full = ns.Length == 0 ? md.GetString(reference.Name) : ns + "." + md.GetString(reference.Name);
            if (BannedNamespaces.Contains(ns) || BannedTypes.Contains(full))
            {
                findings.Add($"reference to {full}");
            }
        }

        for (var row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var spec = md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row));
            if (provider.Check(() => spec.DecodeSignature(provider, null)))
            {
                findings.Add($"generic instantiation in type spec #{row}");
            }
        }

        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            var found = member.GetKind() == MemberReferenceKind.Method
                ? provider.Check(() => member.DecodeMethodSignature(provider, null))
                : provider.Check(() => member.DecodeFieldSignature(provider, null));
            if (found)
            {
                findings.Add($"generic instantiation in member reference {md.GetString(member.Name)}");
            }
        }

        var methodSpecs = md.GetTableRowCount(TableIndex.MethodSpec);
        if (methodSpecs > 0)
        {
            findings.Add($"{methodSpecs} generic method instantiation(s) (MethodSpec)");
        }

        return findings;
    }

    private static string Name(MetadataReader md, TypeDefinition type)
    {
        var ns = md.GetString(type.Namespace);
        var name = md.GetString(type.Name);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Decodes signatures to strings, remembering whether a generic instantiation or parameter appeared.</summary>
    private sealed class GenericDetector(MetadataReader md) : ISignatureTypeProvider<string, object?>
    {
        private bool _found;

        public bool Check(Action decode)
        {
            _found = false;
            decode();
            return _found;
        }

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            _found = true;
            return genericType + "<" + string.Join(",", typeArguments) + ">";
        }

        public string GetGenericMethodParameter(object? genericContext, int index)
        {
            _found = true;
            return "!!" + index;
        }

        public string GetGenericTypeParameter(object? genericContext, int index)
        {
            _found = true;
            return "!" + index;
        }

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => md.GetString(md.GetTypeDefinition(handle).Name);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => md.GetString(md.GetTypeReference(handle).Name);
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            md.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
