package normalize

import "strings"

// Check-digit tests of registration and VAT numbers. Each takes the number
// without separators and reports whether its shape and check digits hold.

// vatChecks test the part of a VAT number after its country prefix.
var vatChecks = map[string]func(string) bool{
	"SE": func(b string) bool { // org.nr, then 01 for VAT
		if len(b) == 12 && strings.HasSuffix(b, "01") {
			b = b[:10]
		}
		return allDigits(b, 10) && luhn(b)
	},
	"DK": func(b string) bool { return allDigits(b, 8) && danish(b) },
	"NO": func(b string) bool {
		return allDigits(strings.TrimSuffix(b, "MVA"), 9) && norwegian(strings.TrimSuffix(b, "MVA"))
	},
	"FI": func(b string) bool { return allDigits(b, 8) && finnish(b) },
	"LU": func(b string) bool { return allDigits(b, 8) && atoi(b[:6])%89 == atoi(b[6:]) },
	"DE": func(b string) bool { return allDigits(b, 9) && b[0] != '0' && german(b) },
	"BE": func(b string) bool {
		if len(b) == 9 {
			b = "0" + b
		}
		return allDigits(b, 10) && belgian(b)
	},
	"NL": dutch,
	"FR": frenchVAT,
	"IT": func(b string) bool { return allDigits(b, 11) && luhn(b) },
	"IE": irish,
	"AT": austrian,
	"ES": spanish,
	"PL": func(b string) bool { return allDigits(b, 10) && polishNIP(b) },
	"GB": british,
	"PT": func(b string) bool { return allDigits(b, 9) && portuguese(b) },
	"GR": func(b string) bool {
		if len(b) == 8 {
			b = "0" + b
		}
		return allDigits(b, 9) && greek(b)
	},
	"EE": func(b string) bool { return allDigits(b, 9) && estonian(b) },
	"CH": func(b string) bool {
		b = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(b, "MWST"), "TVA"), "IVA")
		return allDigits(b, 9) && swiss(b)
	},
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads a string of at most 18 digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 18; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// luhnSum is the Luhn sum of d mod 10: every second digit from the right doubled.
func luhnSum(d string) int {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum % 10
}

// luhn is the mod-10 check of Swedish org.nrs, French SIRENs and Italian VAT numbers.
func luhn(d string) bool {
	return len(d) > 0 && allDigits(d, len(d)) && luhnSum(d) == 0
}

// weighted returns the sum of d's digits times weights.
func weighted(d string, weights ...int) int {
	sum := 0
	for i, w := range weights {
		sum += int(d[i]-'0') * w
	}
	return sum
}

// danish is the CVR check: weights 2,7,6,5,4,3,2,1, sum divisible by 11.
func danish(d string) bool {
	return len(d) == 8 && weighted(d, 2, 7, 6, 5, 4, 3, 2, 1)%11 == 0
}

// norwegian is the org.nr check: weights 3,2,7,6,5,4,3,2, control digit 11 - sum mod 11.
func norwegian(d string) bool {
	if len(d) != 9 {
		return false
	}
	k := 11 - weighted(d, 3, 2, 7, 6, 5, 4, 3, 2)%11
	if k == 11 {
		k = 0
	}
	return k < 10 && k == int(d[8]-'0')
}

// finnish is the Y-tunnus check: weights 7,9,10,5,8,4,2, control 11 - sum mod 11
// (0 when the sum divides; a remainder of 1 is never issued).
func finnish(d string) bool {
	if len(d) != 8 {
		return false
	}
	rem := weighted(d, 7, 9, 10, 5, 8, 4, 2) % 11
	switch rem {
	case 0:
		return d[7] == '0'
	case 1:
		return false
	}
	return int(d[7]-'0') == 11-rem
}

// german is ISO 7064 MOD 11,10 over the nine digits of a USt-IdNr.
func german(d string) bool {
	p := 10
	for i := 0; i < 8; i++ {
		s := (int(d[i]-'0') + p) % 10
		if s == 0 {
			s = 10
		}
		p = (2 * s) % 11
	}
	k := 11 - p
	if k == 10 {
		k = 0
	}
	return k == int(d[8]-'0')
}

// dutch checks NNNNNNNNNBNN: the nine digits by mod 11 (weights 9..2, -1), or
// the whole with its prefix by mod 97 (the 2020 sole-trader numbers). Leading
// zeros of the nine digits may be left out ("NL4495445B01").
func dutch(b string) bool {
	if i := strings.IndexByte(b, 'B'); i >= 0 && i < 9 && len(b)-i == 3 {
		b = strings.Repeat("0", 9-i) + b
	}
	if len(b) != 12 || b[9] != 'B' || !allDigits(b[:9], 9) || !allDigits(b[10:], 2) || b[10:] == "00" || b[:9] == "000000000" {
		return false
	}
	if (weighted(b, 9, 8, 7, 6, 5, 4, 3, 2)-int(b[8]-'0'))%11 == 0 {
		return true
	}
	// mod 97 over "NL" + b with letters as numbers (N=23, L=21, B=11).
	rem := 0
	for _, c := range "NL" + b {
		if c >= 'A' && c <= 'Z' {
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		} else {
			rem = (rem*10 + int(c-'0')) % 97
		}
	}
	return rem == 1
}

// irish checks the 1997 and 2013 forms: seven digits and a check letter, and
// optionally a second letter that takes part in the sum; and the old form with
// a letter or "+"/"*" in second place ("8D79739I").
func irish(b string) bool {
	if len(b) == 8 && isDigit(b[0]) && (b[1] >= 'A' && b[1] <= 'Z' || b[1] == '+' || b[1] == '*') && allDigits(b[2:7], 5) {
		b = "0" + b[2:7] + b[:1] + b[7:] // the old form rearranged into the new
	}
	if len(b) != 8 && len(b) != 9 || !allDigits(b[:7], 7) {
		return false
	}
	sum := weighted(b, 8, 7, 6, 5, 4, 3, 2)
	if len(b) == 9 {
		c := b[8]
		if c < 'A' || c > 'W' {
			return false
		}
		if c != 'W' {
			sum += int(c-'A'+1) * 9
		}
	}
	k := b[7]
	if k < 'A' || k > 'W' {
		return false
	}
	return sum%23 == int(k-'A'+1)%23
}

// belgian is the enterprise number check: ten digits starting 0 or 1, the
// last two 97 minus the first eight mod 97.
func belgian(d string) bool {
	return allDigits(d, 10) && (d[0] == '0' || d[0] == '1') && 97-atoi(d[:8])%97 == atoi(d[8:])
}

// frenchVAT checks the two-character key before a SIREN: numeric keys are
// (SIREN*100 + 12) mod 97, letter keys (from an alphabet without I and O) a
// mod-11 formula. The SIREN itself passes Luhn except for Monaco's "000" numbers.
func frenchVAT(b string) bool {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	if len(b) != 11 || !allDigits(b[2:], 9) {
		return false
	}
	i0, i1 := strings.IndexByte(alphabet, b[0]), strings.IndexByte(alphabet, b[1])
	if i0 < 0 || i1 < 0 {
		return false
	}
	if b[2:5] != "000" && !luhn(b[2:]) {
		return false
	}
	if allDigits(b[:2], 2) {
		return atoi(b[:2]) == (atoi(b[2:])*100+12)%97
	}
	check := i0*34 + i1 - 100
	if isDigit(b[0]) {
		check = i0*24 + i1 - 10
	}
	return (atoi(b[2:])+1+check/11)%11 == check%11
}

// siret checks a SIRET: Luhn over all fourteen digits and over the SIREN, except
// La Poste's establishments (SIREN 356 000 000), whose digit sum divides by 5.
func siret(d string) bool {
	if !allDigits(d, 14) || !luhn(d[:9]) {
		return false
	}
	if strings.HasPrefix(d, "356000000") && d != "35600000000048" {
		sum := 0
		for i := 0; i < len(d); i++ {
			sum += int(d[i] - '0')
		}
		return sum%5 == 0
	}
	return luhn(d)
}

// austrian checks "U" and eight digits: the last is 6 minus the Luhn sum of
// the seven before it, mod 10.
func austrian(b string) bool {
	if len(b) != 9 || b[0] != 'U' || !allDigits(b[1:], 8) {
		return false
	}
	return (16-luhnSum(b[1:8]))%10 == int(b[8]-'0')
}

// spanish checks a NIF: a DNI (eight digits and a letter), an NIE (X, Y or Z for
// the first digit), a K/L/M NIF (the DNI letter of the seven digits) or a CIF
// (an entity letter, seven digits and a Luhn check digit or its letter).
func spanish(b string) bool {
	const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"
	if len(b) != 9 || !allDigits(b[1:8], 7) {
		return false
	}
	last := b[8]
	switch first := b[0]; {
	case isDigit(first):
		return allDigits(b[:8], 8) && dniLetters[atoi(b[:8])%23] == last
	case first == 'X' || first == 'Y' || first == 'Z':
		return dniLetters[atoi(string('0'+first-'X')+b[1:8])%23] == last
	case first == 'K' || first == 'L' || first == 'M':
		return dniLetters[atoi(b[1:8])%23] == last
	case strings.IndexByte("ABCDEFGHJNPQRSUVW", first) >= 0:
		c := (10 - luhnSum(b[1:8]+"0")) % 10
		return last == byte('0'+c) || last == "JABCDEFGHI"[c]
	}
	return false
}

// polishNIP checks ten digits: weights 6,5,7,2,3,4,5,6,7, sum mod 11 is the last.
func polishNIP(d string) bool {
	if !allDigits(d, 10) {
		return false
	}
	return weighted(d, 6, 5, 7, 2, 3, 4, 5, 6, 7)%11 == int(d[9]-'0')
}

// regon checks a REGON: nine digits (weights 8,9,2,3,4,5,6,7) or fourteen
// (weights 2,4,8,5,0,9,7,3,6,1,2,4,8, and the first nine valid on their own);
// the check digit is the sum mod 11 mod 10.
func regon(d string) bool {
	switch len(d) {
	case 9:
		return allDigits(d, 9) && weighted(d, 8, 9, 2, 3, 4, 5, 6, 7)%11%10 == int(d[8]-'0')
	case 14:
		return allDigits(d, 14) && regon(d[:9]) &&
			weighted(d, 2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)%11%10 == int(d[13]-'0')
	}
	return false
}

// british checks a UK VAT number: nine digits (or twelve with a branch) whose
// weighted sum (8,7,6,5,4,3,2,10,1) mod 97 is 0, or 42 or 55 for numbers issued
// from 2010 (first three digits 100 or more); "GD" and "HA" units have no check.
func british(b string) bool {
	switch {
	case len(b) == 5 && (strings.HasPrefix(b, "GD") || strings.HasPrefix(b, "HA")) && allDigits(b[2:], 3):
		return b[:2] == "GD" && atoi(b[2:]) < 500 || b[:2] == "HA" && atoi(b[2:]) >= 500
	case allDigits(b, 9) || allDigits(b, 12):
		sum := weighted(b, 8, 7, 6, 5, 4, 3, 2, 10, 1) % 97
		if atoi(b[:3]) >= 100 {
			return sum == 0 || sum == 42 || sum == 55
		}
		return sum == 0
	}
	return false
}

// portuguese checks a NIF: weights 9..2, check 11 - sum mod 11, 10 and 11 read as 0.
func portuguese(d string) bool {
	return allDigits(d, 9) && (11-weighted(d, 9, 8, 7, 6, 5, 4, 3, 2)%11)%11%10 == int(d[8]-'0')
}

// greek checks nine digits: the first eight as a binary-weighted sum (2^8..2^1)
// mod 11 mod 10.
func greek(d string) bool {
	return allDigits(d, 9) && weighted(d, 256, 128, 64, 32, 16, 8, 4, 2)%11%10 == int(d[8]-'0')
}

// estonian checks nine digits: weights 3,7,1,3,7,1,3,7, check (10 - sum mod 10) mod 10.
func estonian(d string) bool {
	return allDigits(d, 9) && (10-weighted(d, 3, 7, 1, 3, 7, 1, 3, 7)%10)%10 == int(d[8]-'0')
}

// swiss checks the nine digits of a UID: weights 5,4,3,2,7,6,5,4, check
// 11 - sum mod 11 (0 for 11; 10 is never issued).
func swiss(d string) bool {
	return allDigits(d, 9) && (11-weighted(d, 5, 4, 3, 2, 7, 6, 5, 4)%11)%11 == int(d[8]-'0')
}

// kennitala checks an Icelandic kennitala: weights 3,2,7,6,5,4,3,2,1 over the
// first nine digits sum to a multiple of 11, and the last digit is the
// century (9 or 0).
func kennitala(d string) bool {
	return allDigits(d, 10) && weighted(d, 3, 2, 7, 6, 5, 4, 3, 2, 1)%11 == 0 && (d[9] == '9' || d[9] == '0')
}
