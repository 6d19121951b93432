package normalize

import (
	"regexp"
	"strings"
	"unicode"
)

// RegNo reads a company registration or VAT number. clean is the number as
// written, trimmed and without a leading label ("Org.nr: 556633-6169" ->
// "556633-6169"); nothing else is changed, a wrong check digit included. Text
// without a digit is no number ("–", "n/a"): clean is "".
// country is the ISO code the number's form points to, "" when it points
// nowhere; valid is the result of that country's check-digit test, nil when no
// test applies.
//
// Recognised: a VAT number with its country prefix (LU, DK, SE, NO, FI, DE, BE,
// NL, FR, IT, IE checked; other EU prefixes only named), a Swedish org.nr
// NNNNNN-NNNN (Luhn), a Finnish business ID NNNNNNN-N, a Norwegian org.nr of
// nine digits (mod 11, "NNN NNN NNN", optional "MVA"), a Danish CVR of eight
// digits (mod 11, "NN NN NN NN"; a leading 0 is no CVR), and ten bare digits
// shaped like a Swedish org.nr.
func RegNo(s string) (clean string, country string, valid *bool) {
	r := parseRegNo(s)
	return r.clean, r.country, r.valid
}

type regInfo struct {
	clean    string
	country  string
	valid    *bool
	prefixed bool // the country comes from letters written with the number
}

// prefixedCountry is the country the number names with its letters.
func (r regInfo) prefixedCountry() string {
	if r.prefixed {
		return r.country
	}
	return ""
}

// strongCountry is the country the number names with its letters or proves with
// a passing check digit; a bare number that fails its check points nowhere.
func (r regInfo) strongCountry() string {
	if r.prefixed || r.valid != nil && *r.valid {
		return r.country
	}
	return ""
}

// regLabel is a leading label: anything up to a colon before the first digit,
// or a word known to label numbers.
var regLabel = regexp.MustCompile(`(?i)^(?:[^0-9:]{0,40}:|(?:cvr|org|orgnr|org\.nr|organisation|organization|organisasjon|organisationsnummer|organisasjonsnummer|organisationsnr|company|registration|reg|registreringsnummer|nr|no|vat|moms|momsnr|mva|se|y-tunnus|business id|crn|kvk)\b(?:[\s.#-]*(?:nr|no|number|nummer|id|reg|registration)?\.?)*)\s*`)

// vatPrefix is a country prefix on a VAT number (Greece writes EL).
var vatPrefix = regexp.MustCompile(`^(AT|BE|BG|CH|CHE|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|NO|PL|PT|RO|SE|SI|SK|XI)\s?-?\s?([0-9A-Z][0-9A-Z .\-]*)$`)

var (
	seOrgNr  = regexp.MustCompile(`^(?:\d{2})?\d{6}-\d{4}$`)
	fiBizID  = regexp.MustCompile(`^\d{7}-\d$`)
	noOrgNr  = regexp.MustCompile(`^(?:\d{9}|\d{3} \d{3} \d{3})(?i:\s?mva)?$`)
	dkCVR    = regexp.MustCompile(`^(?:\d{8}|\d{2} \d{2} \d{2} \d{2})$`)
	bareTen  = regexp.MustCompile(`^\d{10}$`)
	nonDigit = regexp.MustCompile(`\D`)
)

func parseRegNo(s string) regInfo {
	t := stripRegLabel(Text(s))
	if strings.IndexFunc(t, unicode.IsDigit) < 0 {
		t = "" // "–", "n/a", "ingen": no number
	}
	r := regInfo{clean: t}
	if t == "" {
		return r
	}
	if m := vatPrefix.FindStringSubmatch(t); m != nil && (isDigit(m[2][0]) || letterFirst[m[1]]) {
		r.prefixed = true
		r.country = m[1]
		switch m[1] {
		case "EL":
			r.country = "GR"
		case "CHE":
			r.country = "CH"
		case "XI":
			r.country = "GB"
		}
		body := strings.Map(func(c rune) rune {
			if c == ' ' || c == '.' || c == '-' {
				return -1
			}
			return c
		}, m[2])
		if check, ok := vatChecks[r.country]; ok {
			r.valid = boolPtr(check(body))
		}
		return r
	}
	digits := nonDigit.ReplaceAllString(t, "")
	switch {
	case seOrgNr.MatchString(t):
		r.country, r.valid = "SE", boolPtr(luhn(digits[len(digits)-10:]))
	case fiBizID.MatchString(t):
		r.country, r.valid = "FI", boolPtr(finnish(digits))
	case noOrgNr.MatchString(t):
		r.country, r.valid = "NO", boolPtr(norwegian(digits))
	case dkCVR.MatchString(t) && digits[0] != '0':
		r.country, r.valid = "DK", boolPtr(danish(digits))
	case bareTen.MatchString(t) && digits[2] >= '2' && digits[0] != '0':
		r.country, r.valid = "SE", boolPtr(luhn(digits))
	}
	return r
}

// stripRegLabel takes leading labels and trailing punctuation off t until none
// is left ("CVR-nr.: DK 41183527." -> "DK 41183527").
func stripRegLabel(t string) string {
	for {
		u := t
		if loc := regLabel.FindStringIndex(u); loc != nil && loc[1] > 0 {
			rest := strings.TrimSpace(u[loc[1]:])
			// Keep "NO 923 609 016": upper-case country letters are part of the number.
			if rest != "" && !vatPrefix.MatchString(u) {
				u = rest
			}
		}
		u = strings.TrimSpace(strings.TrimRight(u, " .,;"))
		if u == t {
			return t
		}
		t = u
	}
}

func boolPtr(b bool) *bool { return &b }

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// letterFirst are the VAT prefixes whose numbers may start with a letter
// (Austria's "U", Spanish NIFs, French check letters, UK government units);
// after any other prefix a letter means the letters were no prefix ("HRB 12345").
var letterFirst = map[string]bool{"AT": true, "ES": true, "FR": true, "GB": true}

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
	"DE": func(b string) bool { return allDigits(b, 9) && german(b) },
	"BE": func(b string) bool {
		if len(b) == 9 {
			b = "0" + b
		}
		return allDigits(b, 10) && 97-atoi(b[:8])%97 == atoi(b[8:])
	},
	"NL": dutch,
	"FR": func(b string) bool {
		if !allDigits(b, 11) {
			return len(b) == 11 // letter keys are checked by a formula subproc leaves out
		}
		return atoi(b[:2]) == (12+3*(atoi(b[2:])%97))%97
	},
	"IT": func(b string) bool { return allDigits(b, 11) && luhn(b) },
	"IE": irish,
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

// luhn is the mod-10 check of Swedish org.nrs and Italian VAT numbers.
func luhn(d string) bool {
	sum := 0
	double := len(d)%2 == 0
	for i := 0; i < len(d); i++ {
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
	return len(d) > 0 && sum%10 == 0
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

// finnish is the business ID check: weights 7,9,10,5,8,4,2, control 11 - sum mod 11.
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
// the whole with its prefix by mod 97 (the 2020 sole-trader numbers).
func dutch(b string) bool {
	if len(b) != 12 || b[9] != 'B' || !allDigits(b[:9], 9) || !allDigits(b[10:], 2) {
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
// optionally a second letter that takes part in the sum.
func irish(b string) bool {
	if len(b) != 8 && len(b) != 9 || !allDigits(b[:7], 7) {
		return false
	}
	sum := weighted(b, 8, 7, 6, 5, 4, 3, 2)
	if len(b) == 9 {
		c := b[8]
		if c < 'A' || c > 'Z' {
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
