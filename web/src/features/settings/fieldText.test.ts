import { describe, expect, it } from 'vitest';
import { keyFromLabel, parseOptions } from './fieldText';

describe('custom field form text', () => {
  it('parses list options one per line, trimmed, without blank lines; commas stay inside an option', () => {
    expect(parseOptions(' Gold \nSilver\r\n\n  \nSão Paulo, SP')).toEqual(['Gold', 'Silver', 'São Paulo, SP']);
    expect(parseOptions('')).toEqual([]);
  });

  it('suggests a key the server accepts from a label in any of our languages', () => {
    expect(keyFromLabel('Número de cliente')).toBe('numero_de_cliente');
    expect(keyFromLabel('  Data de aniversário! ')).toBe('data_de_aniversario');
    expect(keyFromLabel('CPF/CNPJ')).toBe('cpf_cnpj');
    expect(keyFromLabel('x'.repeat(80))).toHaveLength(50);
    expect(keyFromLabel('¿?')).toBe('');
  });
});
