/// "Stored secrets follow their host": a change of a base connection that moves where its credentials are sent (a
/// parameter marked `routesSecrets` in its spec: endpoint, URL, domain, port, token URI, STS endpoint, authority
/// host, pinned host key, or the connection spec itself) must carry every stored secret again, so that a caller who
/// may edit a connection cannot redirect the secrets it never knew to a host of their choosing. Pure.
public enum CredentialRebinding {
    /// The secrets of `after` that were stored before and not sent again (`resent`), when the change from
    /// `before` to `after` moves the credentials; empty when nothing routing changed or every secret came again.
    /// Names are in catalog order; a secret is a parameter marked `secret` in either connection's spec.
    public static func secretsToResend(before: BaseConnection, after: BaseConnection, resent: Set<String>)
        -> [String]
    {
        guard !changedRoutingParameters(before: before, after: after).isEmpty else { return [] }
        return parameterNames(before, after, \.secretParameterNames).filter { name in
            isPresent(after.authParams[name]) && isPresent(before.authParams[name]) && !resent.contains(name)
        }
    }

    /// The routing parameters whose value differs (absent and empty count as the same); when the connection spec
    /// changes, every routing parameter of both specs (or `connectionSpec.id` when neither has one).
    public static func changedRoutingParameters(before: BaseConnection, after: BaseConnection) -> [String] {
        let names = parameterNames(before, after, \.routingParameterNames)
        if before.connectionSpecId != after.connectionSpecId { return names.isEmpty ? ["connectionSpec.id"] : names }
        return names.filter { normalized(before.authParams[$0]) != normalized(after.authParams[$0]) }
    }

    /// The names `names` picks from both connections' specs, without repeats, in catalog order.
    private static func parameterNames(
        _ before: BaseConnection, _ after: BaseConnection, _ names: (ConnectionSpec) -> [String]
    ) -> [String] {
        var result: [String] = []
        for spec in [before.connectionSpecId, after.connectionSpecId].compactMap(ConnectionSpecCatalog.spec(id:)) {
            for name in names(spec) where !result.contains(name) { result.append(name) }
        }
        return result
    }

    private static func normalized(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    private static func isPresent(_ value: String?) -> Bool { normalized(value) != nil }
}
