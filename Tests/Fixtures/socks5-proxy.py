#!/usr/bin/env python3
"""A minimal SOCKS5 proxy for the end-to-end tests: no authentication, CONNECT only (IPv4 and
domain names), one thread per connection. It binds 127.0.0.1 on a free port, writes that port
to PORT_FILE, and appends one line `CONNECT host:port` per request to LOG_FILE, so a test can
tell that a connection really went through it. It stops by itself after LIFETIME seconds."""
import socket
import struct
import sys
import threading
import time


def relay(source, target):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def read_exact(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise OSError("closed")
        data += chunk
    return data


def serve(client, log_file):
    try:
        version, methods = read_exact(client, 2)
        read_exact(client, methods)
        client.sendall(b"\x05\x00")  # no authentication
        version, command, _, kind = read_exact(client, 4)
        if kind == 1:
            host = socket.inet_ntoa(read_exact(client, 4))
        elif kind == 3:
            host = read_exact(client, read_exact(client, 1)[0]).decode()
        else:
            client.sendall(b"\x05\x08\x00\x01" + b"\x00" * 6)
            return
        port = struct.unpack(">H", read_exact(client, 2))[0]
        with open(log_file, "a") as log:
            log.write(f"CONNECT {host}:{port}\n")
        if command != 1:
            client.sendall(b"\x05\x07\x00\x01" + b"\x00" * 6)
            return
        try:
            upstream = socket.create_connection((host, port), timeout=10)
            upstream.settimeout(None)
        except OSError:
            client.sendall(b"\x05\x05\x00\x01" + b"\x00" * 6)
            return
        client.sendall(b"\x05\x00\x00\x01" + b"\x00" * 6)
        threading.Thread(target=relay, args=(upstream, client), daemon=True).start()
        relay(client, upstream)
    except OSError:
        client.close()


def main():
    port_file, log_file, lifetime = sys.argv[1], sys.argv[2], float(sys.argv[3])
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(1)
    with open(port_file + ".tmp", "w") as out:
        out.write(str(server.getsockname()[1]))
    import os
    os.rename(port_file + ".tmp", port_file)
    deadline = time.time() + lifetime
    while time.time() < deadline:
        try:
            client, _ = server.accept()
        except socket.timeout:
            continue
        client.settimeout(None)
        threading.Thread(target=serve, args=(client, log_file), daemon=True).start()


if __name__ == "__main__":
    main()
