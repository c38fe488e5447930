namespace Platform.Runtime;

/// <summary>
/// Identity of a grain: its type name (e.g. <c>federation</c>) and its string key
/// (e.g. <c>reseau-coop</c> or <c>reseau-coop/coop-42</c>).
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>
    /// The partition the grain's data belongs to: the key up to its first '/'. Platform keys start
    /// with the tenant id, so this is the tenant; stores use it to list, export and delete one
    /// tenant's data together.
    /// </summary>
    public string Partition
    {
        get
        {
            var slash = Key.IndexOf('/');
            return slash < 0 ? Key : Key[..slash];
        }
    }

    public override string ToString() => $"{Type}/{Key}";
}
