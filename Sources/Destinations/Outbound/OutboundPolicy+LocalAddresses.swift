import NIOCore

extension OutboundPolicy {
    /// The addresses of this machine's network interfaces (`getifaddrs`, no network traffic), which a listener
    /// bound to every address answers on; empty when they cannot be listed.
    public static func localAddresses() -> [IPAddress] {
        let devices = (try? System.enumerateDevices()) ?? []
        return devices.compactMap { device in device.address?.ipAddress.flatMap { IPAddress($0) } }
    }
}
