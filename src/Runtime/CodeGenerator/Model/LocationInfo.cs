using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Orleans.Widgets.CodeGenerator.Model;

/// <summary>A source location without a reference to its syntax tree, so models do not keep compilations alive.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || !location.IsInSource || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public static LocationInfo? From(ISymbol symbol)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource)
            {
                return From(location);
            }
        }

        return null;
    }
}
