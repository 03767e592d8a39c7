package attach

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"strings"
	"time"
)

// Scanner checks a file for viruses. Scan returns the name of what it found,
// or "" for a clean file; an error means the file could not be checked.
type Scanner interface {
	Scan(ctx context.Context, data []byte) (found string, err error)
}

// Clamd is a client of ClamAV's daemon speaking its INSTREAM command: the file
// is sent in chunks, each prefixed by its length as 4 bytes big-endian, ended
// by a zero length; clamd answers "stream: OK" or "stream: NAME FOUND".
type Clamd struct {
	// Addr is "host:port" for TCP, or a path (or "unix:path") for a Unix socket.
	Addr    string
	Timeout time.Duration // for the whole exchange; 30 s when zero
}

// chunk is the size of the INSTREAM chunks; clamd's StreamMaxLength bounds
// the whole file (25 MB by default), not a chunk.
const chunk = 64 << 10

// Scan sends data to clamd and reads its verdict.
func (c Clamd) Scan(ctx context.Context, data []byte) (string, error) {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	network, addr := "tcp", c.Addr
	if rest, ok := strings.CutPrefix(addr, "unix:"); ok {
		network, addr = "unix", rest
	} else if strings.HasPrefix(addr, "/") {
		network = "unix"
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return "", fmt.Errorf("clamd: %w", err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	w := bufio.NewWriter(conn)
	w.WriteString("zINSTREAM\x00")
	var size [4]byte
	for off := 0; off < len(data); off += chunk {
		part := data[off:min(off+chunk, len(data))]
		binary.BigEndian.PutUint32(size[:], uint32(len(part)))
		w.Write(size[:])
		w.Write(part)
	}
	binary.BigEndian.PutUint32(size[:], 0)
	w.Write(size[:])
	if err := w.Flush(); err != nil {
		return "", fmt.Errorf("clamd: send: %w", err)
	}
	reply, err := bufio.NewReader(conn).ReadString(0)
	if err != nil && reply == "" {
		return "", fmt.Errorf("clamd: read: %w", err)
	}
	return parseVerdict(reply)
}

// parseVerdict reads "stream: OK", "stream: Eicar-Test-Signature FOUND" or an
// error line such as "INSTREAM size limit exceeded. ERROR".
func parseVerdict(reply string) (string, error) {
	reply = strings.TrimSpace(string(bytes.TrimRight([]byte(reply), "\x00")))
	_, verdict, _ := strings.Cut(reply, ": ")
	if verdict == "" {
		verdict = reply
	}
	switch {
	case verdict == "OK":
		return "", nil
	case strings.HasSuffix(verdict, " FOUND"):
		return strings.TrimSuffix(verdict, " FOUND"), nil
	}
	return "", fmt.Errorf("clamd: %s", reply)
}
