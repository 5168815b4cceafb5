import { scanForLeaks } from '../../../src/platforms/leak-scan';

const scan = (...lines: string[]) => scanForLeaks(lines, { marker: '<removed>' });

describe('scanForLeaks: configuration that holds no secret passes', () => {
  test.each([
    'service password-encryption',
    'security passwords min-length 10',
    'password manager user-name "admin" sha1 <removed>',
    'user admin group administrators password ciphertext <removed>',
    '<password><removed></password>',
    'set password ENC <removed>',
    'secret=<removed> peer=branch',
    'interface FortyGigabitEthernet1/0/1',
    'interface TenGigabitEthernet1/1/1.100',
    ' description Uplink_to_core_router_building_A',
    'UUID=3f2a9c1e-7b4d-4e8a-9c2f-1d5e6a7b8c9d / ext4 errors=remount-ro 0 1',
    'ipv6 address 2001:db8:85a3:8d3:1319:8a2e:370:7348/64',
    'set system login user a authentication ssh-ed25519 "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx8sQkQn1b6m3Hq9R2tY5wV7zA0cE3fI6jL9nP2rT4u a@b"',
    'aaa authentication login default group tacacs+ local',
    'PasswordAuthentication no',
    'snmp-server community <removed> RO',
    '-----BEGIN CERTIFICATE-----',
  ])('%s', (line) => {
    expect(scan(line)).toBeUndefined();
  });
});

describe('scanForLeaks: what still looks like a secret is reported by line and rule', () => {
  test.each([
    ['username x secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0', 'password-hash'],
    ['<bcrypt-hash>$2y$10$PfAdminBcryptHashQwErTyUiOpAsDfGhJkLzXcVbNm</bcrypt-hash>', 'password-hash'],
    ['set secret "$9$Tac9Pl5sJunosSecretAbCdEf"', 'password-hash'],
    ['snmp-server user a b auth md5 0x9a7cc3d1b7e0f4f4a1b2c3d4e5f60718', 'hex-digest'],
    ['password Cisco123', 'secret-keyword'],
    ['<password>hunter2!</password>', 'secret-keyword'],
    ['psk=Wifi-Key-2024', 'secret-keyword'],
    ['comment "aGVsbG8gd29ybGQgdGhpcyBpcyBhIHNlY3JldCB0b2tlbg9x"', 'high-entropy'],
  ])('%s → %s', (line, rule) => {
    expect(scan('hostname a', line)).toEqual({ line: 2, rule });
  });

  test('a PEM block whose body was not replaced', () => {
    expect(scan('a', '-----BEGIN RSA PRIVATE KEY-----', 'MIIEpAIBAAKCAQEA', '-----END RSA PRIVATE KEY-----')).toEqual({ line: 3, rule: 'pem-block' });
    expect(scan('a', '-----BEGIN RSA PRIVATE KEY-----', '<removed>', '-----END RSA PRIVATE KEY-----')).toBeUndefined();
  });
});
