/// Throw-away OpenPGP keys made with `gpg --batch --quick-gen-key` for these tests (empty passphrases).
/// The same files live in `IntegrationTests/fixtures/pgp/` (see its README).
enum PGPTestKeys {
    static let rsaPublic = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        mQGNBGsEbTMBDAC3sBN8PpZnIATBmpDV7Jc6ptrGdJCGMBMYM/vrzPE1pCcGgQOj
        onJDG7ZSJvmlI9GYgL2p9LHuNmzmNd2RbnQhDLfwyNm5j2BziGISxvf+/hAD3TEY
        kqLWMdNFnqVAGWjxwSAN4NaCoYf4dA5awPnhW1j8G596ndSE6qayD9Iawuj7P/l5
        sZ9Pg12qwwR9YummGtVVfHiTbobJqh2dQZymwbafGmMeow54qIwjnrPGykxuVeob
        c8V3G/j/CSpiuLTG6dlX44oVNgYcgoLSTt18PtjWxz5a3D8ambqGZuPKc5SDSL/A
        i5RAeOxEEyvR1NhSgh1FlBOhq0NBKMKrkydjJF7MF/3PXsiz7NiIIyhnuTbp2qeX
        CbY1/LLWGUPPUDTLSB+AIBKs2fmlrJnFPTkHa6TOJdQYdVz3h/91GX8V9Mb13sN3
        hEg5P2M3z6uQK0Uo3QITNLlwVJCI2bgBNqcf4/Fx/3qil3RFMOQ2wqMKTUCAOXY1
        XPCyKyIMK7B5iSMAEQEAAbQjT3V0ZmxvdyBUZXN0IFJTQSA8cnNhQG91dGZsb3cu
        dGVzdD6JAc4EEwEKADgWIQRGKTln8sM8K2lRmJ5XAgBJeYKK9gUCawRtMwIbAwUL
        CQgHAgYVCgkICwIEFgIDAQIeAQIXgAAKCRBXAgBJeYKK9lAlC/9hdnD+/N8RJJrW
        Pq+5NsXQt6NhEdqnJ7ecW6AEai1Ru/tNpZZe1ybY1P2YRnxAmZykGK8vb16Jvkgo
        Lsug0biwfp1eitCzVg9FWBHQlpg3EmJJpStwqtvOZ+lK2LdyezKuXH5YrW2+MvYh
        3+dx5VyoMxds7/xhSwULcNwwqthmGIKmA8uUrQvqqOq2Ex2tzrTm9kqV8xEC3uN1
        bIqEAT6UNCl6SRd5HN2wCDf/1ntmr/u1RfHlewd1Ez3uKcd4Tee4vFubvZZLx9Gc
        3E0iPN0OXOmCvJeP2ZImxOgRmbHJq/9Vtge2Y1OePMVsad/8UHR0zFsylY1/KGQn
        ziPYnZX/R6D1aSMj+/AeUoI7tlDjYeHsUgdexh2vcJ4k+87dGohqpUhTFfbpv31K
        3MsDQ+qjahvUI0vKQvgIvS1l783sVN6b+retOZW9l7K1sHvfc4zZiTJmKxahwFPY
        51OVFYjHtirW4QyUOlQmAwgyRfmgcNKyOOt4Yt4AZwbtAwRAOiG5AY0EawRtNAEM
        AMhMZHeQq8iWWk/W9GmO82NGH7Xe3NfJIyI8WTDUzl49KneNM/CG93BFT47zrRUN
        2eBzENdE52L8tMr6tUjubJq6AFbHnu+YsutSemPRTXJwXFQGA7lgKixnLqwVrQLd
        k1GxOxk7bY3dtnyEVkqJgsWZj6O6MOJAkGlb5ccy0XvBc3cepwNlLRqJ9XGe6D4W
        CPJMTaOMdpGt6gDfQFcVhfgx4HleZE8hB6GHvtgW02e99vWlVplaWUYpwcA0Jj8M
        BAMamsPf6wydLqpQpKNxB9RpEI8CZZxG5VWTRiapqadjWJ9zMU3e7uweQMaT8Zgt
        KxmMvYkvoEVcJmCedUmPU9ieU+lP+KpvqJA/kQFs7czhIHPiW3vEaldQWm1L2KIm
        g4tKVZ6f6E3JvEtvDTXF5paZonM2Sr55FrbrNpoEyMDghPDwVYacFiYJdejMiql4
        vw2Mng1aHDMUwGpA9CyV+XeIHuo4E99LfdG4qFTzC+6IChOmm1ibQbIidbTPQZ20
        ZwARAQABiQG2BBgBCgAgFiEERik5Z/LDPCtpUZieVwIASXmCivYFAmsEbTQCGwwA
        CgkQVwIASXmCivZn9gv/e2e8/bOINf80UihO6BbY6V3ZE5iB2SHYhgC5v+5sKewc
        FTjkwu+Soiqm+X6kUjYnrhRtWIen+C8JDDP0LmJ+SqGK9hLpCboFNDwVYYHCEK8o
        oFirLw9cqWKK/+K02qpTM8qmxEv7/tEX5jlfWBKqcUyCHy8N8nWWKE9oyBnVr3x3
        oN//b2riPXMVB16CL5UJZ4wGRYacL3wzVzSqTH/5mUoVm9p4lqPDCtS3MUmJVrt/
        lk5h2VokqyuCcGsbbTQzuerMV/iL1U8uOtBEo9eTtZbjBcGA8F36ukoFFAebUmyk
        BOtx04ModKoYyYAi30Gg8VK5baMz3ErghMT27y46HhJotG5GWjF3yQiq39LCkjwA
        +Cq7F/xAGnwgkKf5rf+QsBsYrHFBqMZR0N/l4UBqft3s/GOTWeMFLiY0reQKMyan
        W4iUA/+/SN2MJDJu8+A5V0tzELDELEQ1B1Mrs46CdvgXdTWarXAumESBnGHrUqrf
        OCYbDqDYRX/1l436swAg
        =dxG1
        -----END PGP PUBLIC KEY BLOCK-----
        """

    static let rsaSecret = """
        -----BEGIN PGP PRIVATE KEY BLOCK-----

        lQVYBGsEbTMBDAC3sBN8PpZnIATBmpDV7Jc6ptrGdJCGMBMYM/vrzPE1pCcGgQOj
        onJDG7ZSJvmlI9GYgL2p9LHuNmzmNd2RbnQhDLfwyNm5j2BziGISxvf+/hAD3TEY
        kqLWMdNFnqVAGWjxwSAN4NaCoYf4dA5awPnhW1j8G596ndSE6qayD9Iawuj7P/l5
        sZ9Pg12qwwR9YummGtVVfHiTbobJqh2dQZymwbafGmMeow54qIwjnrPGykxuVeob
        c8V3G/j/CSpiuLTG6dlX44oVNgYcgoLSTt18PtjWxz5a3D8ambqGZuPKc5SDSL/A
        i5RAeOxEEyvR1NhSgh1FlBOhq0NBKMKrkydjJF7MF/3PXsiz7NiIIyhnuTbp2qeX
        CbY1/LLWGUPPUDTLSB+AIBKs2fmlrJnFPTkHa6TOJdQYdVz3h/91GX8V9Mb13sN3
        hEg5P2M3z6uQK0Uo3QITNLlwVJCI2bgBNqcf4/Fx/3qil3RFMOQ2wqMKTUCAOXY1
        XPCyKyIMK7B5iSMAEQEAAQAL+wUlpRU+AUc6JS1OghDJ1IlwsgdxdUaao7LHFh/g
        T2v7Fwyh4kgqekrWGgJ696jVyZtWFCw7mTpSnt6q9vPuOpBBZ15L7gnlchoMcB1N
        lPpkPRlr88YtVF406YsDekp76DxmaHaVwf0CTSl1JbmZ1+oztsrjApjUJXXWcoTF
        H0YYlbzLPmXz1l511+871yX6TCxQMg/MqiK35ROL4EKrhe9BKnBZpeFD8krOdc5e
        YFfJfbaq4Npo2azQBTwu52X6b7jROtqdsd1EAddRL2LJZWDoS+quF/GyrnSjojWl
        qv0CwqX8FDXuqQULA9VGgZRs1AB2dXena4GS9tMnVtXtOG9e9ot1zpLAcFoIGyy3
        mJE7xoHuidGnozrD+UZL5aHl/2XH+8hPQ84viqrHmsAdBVXZXdUrymj4BwXpko+V
        Jd2/cVzCt98uF2T3TVtzK3cJNotus+okqMFpuQEk/KaLGg0vYaWEKLjFNNTxHg8Q
        EP40fhy2dbvX9OLNY5J36p6G3QYAxv6QMDSlux1k39f4Vn6w9psRo+GsLxmX5ucl
        OUTV6IIibp2BZIOsRm5g+bv3VEX/Vw2LkLV0hT9r8Cq4RL4OxzV0hx1J1kUbtJkn
        QZAkHvdzi0rA8wzNmXBaTuTOdVYXp+uarjw1KGVv76jO7Mo/Qyyg/by7rTF3zDkT
        HBqlm3bhoSIwjOiG/ttszgl2G6QdMNLSSBb0rqcdMDxHznnCqW83TrhbYdL2MK1D
        AgcD/j8dDhYHgmxzbsp9EaWETpX9BgDsTv1vAzQE5Ey6eYMbXkX1rkIIUqkZ2kiw
        En+vfe0DNebcAhqR39OSeYLwnC8KQLLWgtJEDaHwS9ixqWKZgXUfNjtl1l49OIAo
        6/J2xTWAiljxukaZ3yd9DaUroZsuhN9b2CdQ/S6caFZdklIvJs5mKrDXGaee1oK4
        N4m+f75RJXme61dJ90VaE9ZuaNfc+JDHy3P10V22ICMrK6S53tD7ziWzyB11VTfm
        iI4jAN3HoBbHJjpbX/kIiqtFjF0hNZ8F/2JfEYATv1ztIjaVLH6FuFNmktYmlef7
        VtIaj8CP9QFrDYCxaKijq784KOkNIcqvLbZ0A+6w8+h1G70Y5XG11aykb1ThdAwA
        MlXveBQAD2FlV2e7KzblYIF4ZxrS1/9vHyvXcTzGUt21Hpj5zfdMO0NmCyiROtwu
        yui5oT3xMTxNbskB8RMYm2KqvNUdXeQzsTTxHp3UeDDqiP+9EmnoXpWnnf+bV3NC
        V8kClAztQ5xsUN4rA+oMYJKWuyYwGJTKkN7/tCNPdXRmbG93IFRlc3QgUlNBIDxy
        c2FAb3V0Zmxvdy50ZXN0PokBzgQTAQoAOBYhBEYpOWfywzwraVGYnlcCAEl5gor2
        BQJrBG0zAhsDBQsJCAcCBhUKCQgLAgQWAgMBAh4BAheAAAoJEFcCAEl5gor2UCUL
        /2F2cP783xEkmtY+r7k2xdC3o2ER2qcnt5xboARqLVG7+02lll7XJtjU/ZhGfECZ
        nKQYry9vXom+SCguy6DRuLB+nV6K0LNWD0VYEdCWmDcSYkmlK3Cq285n6UrYt3J7
        Mq5cflitbb4y9iHf53HlXKgzF2zv/GFLBQtw3DCq2GYYgqYDy5StC+qo6rYTHa3O
        tOb2SpXzEQLe43VsioQBPpQ0KXpJF3kc3bAIN//We2av+7VF8eV7B3UTPe4px3hN
        57i8W5u9lkvH0ZzcTSI83Q5c6YK8l4/ZkibE6BGZscmr/1W2B7ZjU548xWxp3/xQ
        dHTMWzKVjX8oZCfOI9idlf9HoPVpIyP78B5Sgju2UONh4exSB17GHa9wniT7zt0a
        iGqlSFMV9um/fUrcywND6qNqG9QjS8pC+Ai9LWXvzexU3pv6t605lb2XsrWwe99z
        jNmJMmYrFqHAU9jnU5UViMe2KtbhDJQ6VCYDCDJF+aBw0rI463hi3gBnBu0DBEA6
        IZ0FWARrBG00AQwAyExkd5CryJZaT9b0aY7zY0Yftd7c18kjIjxZMNTOXj0qd40z
        8Ib3cEVPjvOtFQ3Z4HMQ10TnYvy0yvq1SO5smroAVsee75iy61J6Y9FNcnBcVAYD
        uWAqLGcurBWtAt2TUbE7GTttjd22fIRWSomCxZmPo7ow4kCQaVvlxzLRe8Fzdx6n
        A2UtGon1cZ7oPhYI8kxNo4x2ka3qAN9AVxWF+DHgeV5kTyEHoYe+2BbTZ7329aVW
        mVpZRinBwDQmPwwEAxqaw9/rDJ0uqlCko3EH1GkQjwJlnEblVZNGJqmpp2NYn3Mx
        Td7u7B5AxpPxmC0rGYy9iS+gRVwmYJ51SY9T2J5T6U/4qm+okD+RAWztzOEgc+Jb
        e8RqV1BabUvYoiaDi0pVnp/oTcm8S28NNcXmlpmiczZKvnkWtus2mgTIwOCE8PBV
        hpwWJgl16MyKqXi/DYyeDVocMxTAakD0LJX5d4ge6jgT30t90bioVPML7ogKE6ab
        WJtBsiJ1tM9BnbRnABEBAAEAC/41dc5K614uR5MLREAv/GuRz6GfFUC0h4bNGHZl
        xibemEzBY/q89AkO+jDl4rwLporEkXGpQ0bO8MwAcTH5qUlrcsGsZ9NP992pWXY5
        NiAJr1u1QXW1AKnA+DlIzPBEl4c+gqNXdLkk6ExQp7Gwa0twGjBwbr2lZb4loNWP
        eUzYTyXWYWQKT/Ld5nyQOu2ZxJ/Wq+78+/yZnWWbnfq6Q5BiUk2rlzoGtLYosuaJ
        Hm6GfflwTxTyEV9KjtKbzk92/GmMh2fNgNULpyYEowFHeRYYyt13t9mhxsVAWncI
        ikADTeW7ifLK2E0Wo6DAw+E0zVmnXX9M3huSLxtgmhJzfTbsvCDr8iOVgCxXs4F9
        cjwKjWB0b5879IhCDE0eqbJn98WT3fRbe59cPtDcbHZpnEX6QLCe1rQySQW5QAaO
        f2ihSMQK/V8ma5Av8rj2bfVQF5z5VXIgructHowKAmT6n8DVT6nV6v72zloze4oY
        V0SgIUrClyfSfR/pmv7/DjwGRCEGANKFGS5MQzCqFT27eV0VMTmbVExe8Vty484F
        yVt8WWyJnWDbqrL7O3rHglPr+y6ZRQ7nuUW4YnCruhc5ZoM5ALQ+CQcH3xjWYqnM
        oRCFz4/C5QOCvTjpVbeZE+U7vbbkH9FroWKc+qh/UegSfcvHTzLIu7GtzkWSqFnC
        z1qANegad1FGs1EdNx6PAWm+ZWaRqIHhl/4RbghRptEe/kKG0hg77BS/am3+XZU6
        aek7KmtGmDmCL5EGTb8kIw/8a4HVhQYA85H9JrDUk9L+jpR/Pra6xSxc+elGGV2X
        d0hNCeoKqQ4rRWMn7rvG5NRwwhZImBSYK+iItRLHVudexJo6EoEGP8mGa0gMV/91
        b/bQFKzoE6Z4w3Evcvrdf76L+fFMArPRydvGEYLMg2wPfCnhdU/pMX1/NCqZunLA
        /ZfeSJ8bAMuYXppStpjxPhzzoW9E1+9EqX0TqynjylHdWe5ml0V84pkTUM4ecJRb
        Cw8cHhKp91CBivd8Fqgtg30dKnRsUV/7Bf9byhJKub1qj0eIi9d11ZXTrvc+Y51a
        s3g8kj6sV1j38n/dR3QW8WUimVxDGWcfcYC92IaQDj9RP0bACG9sfQoQ36xt5Q2z
        hsuEocm+YAmdt34b13elM1o7e4zklKmvvSU6cUMHFP09spOyzsklJxTFU+EUKfxH
        nhYTlxvuD3Fn2prpHiEu5E1HlPcaAswX+WPATJWpek54FJcIuKyEzdp4G9n8U2+n
        Sg2vXY1ZEW/VjKL7PXAPe6TlNtXT9myOGW7fq4kBtgQYAQoAIBYhBEYpOWfywzwr
        aVGYnlcCAEl5gor2BQJrBG00AhsMAAoJEFcCAEl5gor2Z/YL/3tnvP2ziDX/NFIo
        TugW2Old2ROYgdkh2IYAub/ubCnsHBU45MLvkqIqpvl+pFI2J64UbViHp/gvCQwz
        9C5ifkqhivYS6Qm6BTQ8FWGBwhCvKKBYqy8PXKliiv/itNqqUzPKpsRL+/7RF+Y5
        X1gSqnFMgh8vDfJ1lihPaMgZ1a98d6Df/29q4j1zFQdegi+VCWeMBkWGnC98M1c0
        qkx/+ZlKFZvaeJajwwrUtzFJiVa7f5ZOYdlaJKsrgnBrG200M7nqzFf4i9VPLjrQ
        RKPXk7WW4wXBgPBd+rpKBRQHm1JspATrcdODKHSqGMmAIt9BoPFSuW2jM9xK4ITE
        9u8uOh4SaLRuRloxd8kIqt/SwpI8APgquxf8QBp8IJCn+a3/kLAbGKxxQajGUdDf
        5eFAan7d7Pxjk1njBS4mNK3kCjMmp1uIlAP/v0jdjCQybvPgOVdLcxCwxCxENQdT
        K7OOgnb4F3U1mq1wLphEgZxh61Kq3zgmGw6g2EV/9ZeN+rMAIA==
        =szyQ
        -----END PGP PRIVATE KEY BLOCK-----
        """

    static let curve25519Public = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        mDMEawRtNBYJKwYBBAHaRw8BAQdAPCSj4pRmPMK46CaakbWEV78jjoWMsApG2x4x
        XfSYleO0Lk91dGZsb3cgVGVzdCBDdXJ2ZTI1NTE5IDxjdjI1NTE5QG91dGZsb3cu
        dGVzdD6IkAQTFggAOBYhBEEB0dnxjEWe0uBWQ3yw4Jn3sqxzBQJrBG00AhsDBQsJ
        CAcCBhUKCQgLAgQWAgMBAh4BAheAAAoJEHyw4Jn3sqxzPk4A/RZzQo50xMi5/OES
        gWlKzfNS6YkqqpWzedpTM0WwXrz6AQDwPePrXbUMKgimjAk+sgAL2sVeQJ/cXTl/
        pYVvFq0oDLg4BGsEbTQSCisGAQQBl1UBBQEBB0BMScX6bzzrHM1wu/AhMmUdngaU
        1HFSpHg8q1blt15qIAMBCAeIeAQYFggAIBYhBEEB0dnxjEWe0uBWQ3yw4Jn3sqxz
        BQJrBG00AhsMAAoJEHyw4Jn3sqxzD2kBAOy057Xzxk+Bq79XOMFj7HXBrXIOJ58e
        /t/mcn6iLQo5AQDflzrlhK3DP6YXjXxSxC7ljX5diT77ElpWyrH4Y7yNCA==
        =/7jT
        -----END PGP PUBLIC KEY BLOCK-----
        """

    static let curve25519Secret = """
        -----BEGIN PGP PRIVATE KEY BLOCK-----

        lFgEawRtNBYJKwYBBAHaRw8BAQdAPCSj4pRmPMK46CaakbWEV78jjoWMsApG2x4x
        XfSYleMAAP9wVb5h4/lnk4aGXUrsspatGDlEwwEO0T/gFkGk7FSinxEgtC5PdXRm
        bG93IFRlc3QgQ3VydmUyNTUxOSA8Y3YyNTUxOUBvdXRmbG93LnRlc3Q+iJAEExYI
        ADgWIQRBAdHZ8YxFntLgVkN8sOCZ97KscwUCawRtNAIbAwULCQgHAgYVCgkICwIE
        FgIDAQIeAQIXgAAKCRB8sOCZ97Kscz5OAP0Wc0KOdMTIufzhEoFpSs3zUumJKqqV
        s3naUzNFsF68+gEA8D3j6121DCoIpowJPrIAC9rFXkCf3F05f6WFbxatKAycXQRr
        BG00EgorBgEEAZdVAQUBAQdATEnF+m886xzNcLvwITJlHZ4GlNRxUqR4PKtW5bde
        aiADAQgHAAD/XINLjxnQUsICm8C0FM6W5Ff8IRJHMJ8P70/eBhiNLGgPKIh4BBgW
        CAAgFiEEQQHR2fGMRZ7S4FZDfLDgmfeyrHMFAmsEbTQCGwwACgkQfLDgmfeyrHMP
        aQEA7LTntfPGT4Grv1c4wWPsdcGtcg4nnx7+3+ZyfqItCjkBAN+XOuWErcM/pheN
        fFLELuWNfl2JPvsSWlbKsfhjvI0I
        =FDIJ
        -----END PGP PRIVATE KEY BLOCK-----
        """

    static let p256Public = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        mFIEawRt6xMIKoZIzj0DAQcCAwTesXLlZZ+2fVrt6JR783tayiDirp48tQ6H+VM1
        ker+/iElZuixYiJ2VJCuQsrONQVEH3yAox/gpsyZcVtNCeK0tCVPdXRmbG93IFRl
        c3QgUDI1NiA8cDI1NkBvdXRmbG93LnRlc3Q+iJAEExMIADgWIQSum+xlxxzMVc6D
        k+hFDCSAdzyk0gUCawRt6wIbAwULCQgHAgYVCgkICwIEFgIDAQIeAQIXgAAKCRBF
        DCSAdzyk0qGNAQCpghij8ZpwaqTRaz/bF9dMVW8T7wXxemq4HK56q6aMPQD/RClr
        Zr/SV1gbZu7BO9dN41NSTEKfCXW40dh6tUdqyhO4VgRrBG3rEggqhkjOPQMBBwID
        BDpnBxPiWRrd2c4SSH5PqKDCJO7MyTAAWkRVg4uz4IgoRmSzEqUz23Ub3fx03z/Q
        bik8ADa77FMqTqeiyXQt5IYDAQgHiHgEGBMIACAWIQSum+xlxxzMVc6Dk+hFDCSA
        dzyk0gUCawRt6wIbDAAKCRBFDCSAdzyk0sWlAP4zVB3bXFdt4aB5Ven6T/ilOV2p
        r7pr9jvI2VhUGSgUtwD+JOGI4TPBv0kqNVhLHhApcfcnF4zG9vnm1+fV/FchjDA=
        =SG41
        -----END PGP PUBLIC KEY BLOCK-----
        """

    static let p256Secret = """
        -----BEGIN PGP PRIVATE KEY BLOCK-----

        lHcEawRt6xMIKoZIzj0DAQcCAwTesXLlZZ+2fVrt6JR783tayiDirp48tQ6H+VM1
        ker+/iElZuixYiJ2VJCuQsrONQVEH3yAox/gpsyZcVtNCeK0AAEArJHSi2epHGEA
        C4IuWAeSm0cp2J7SXBg8HA7vUsUbkgIMtrQlT3V0ZmxvdyBUZXN0IFAyNTYgPHAy
        NTZAb3V0Zmxvdy50ZXN0PoiQBBMTCAA4FiEErpvsZccczFXOg5PoRQwkgHc8pNIF
        AmsEbesCGwMFCwkIBwIGFQoJCAsCBBYCAwECHgECF4AACgkQRQwkgHc8pNKhjQEA
        qYIYo/GacGqk0Ws/2xfXTFVvE+8F8XpquByuequmjD0A/0Qpa2a/0ldYG2buwTvX
        TeNTUkxCnwl1uNHYerVHasoTnHsEawRt6xIIKoZIzj0DAQcCAwQ6ZwcT4lka3dnO
        Ekh+T6igwiTuzMkwAFpEVYOLs+CIKEZksxKlM9t1G938dN8/0G4pPAA2u+xTKk6n
        osl0LeSGAwEIBwABAMnfwPaMUWBNu3C10PvCKXA3HLuBEUdrJVlqFVNS8oE5D4+I
        eAQYEwgAIBYhBK6b7GXHHMxVzoOT6EUMJIB3PKTSBQJrBG3rAhsMAAoJEEUMJIB3
        PKTSxaUA/jNUHdtcV23hoHlV6fpP+KU5Xamvumv2O8jZWFQZKBS3AP4k4YjhM8G/
        SSo1WEseEClx9ycXjMb2+ebX59X8VyGMMA==
        =dgMl
        -----END PGP PRIVATE KEY BLOCK-----
        """

    static let signOnlyPublic = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        mDMEawRtNBYJKwYBBAHaRw8BAQdAT77ZPhHjkkyD9GGfwPq/iYMZinxcFjz4ad6N
        mO4olAC0KU91dGZsb3cgVGVzdCBTaWduT25seSA8c2lnbkBvdXRmbG93LnRlc3Q+
        iJAEExYIADgWIQQmmDR4yMKkeaad4smFxyN5EgwQ1gUCawRtNAIbAwULCQgHAgYV
        CgkICwIEFgIDAQIeAQIXgAAKCRCFxyN5EgwQ1jSRAQDFKPpnm3o4Zkh1G7aiQUhL
        bjnYe01JWvhDvdj60d1zuwD9EiuBb7afVUQPaza4JhK9gN4eQT5jeaZS3A1Dwehz
        ZQ8=
        =nGuk
        -----END PGP PUBLIC KEY BLOCK-----
        """

    static let expiredPublic = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        mDMEXgvhABYJKwYBBAHaRw8BAQdAkPm3sPZzQu1bwtsetYtoB+4GcY1qfmzNd0N/
        Od00cZ60K091dGZsb3cgVGVzdCBFeHBpcmVkIDxleHBpcmVkQG91dGZsb3cudGVz
        dD6IlgQTFggAPhYhBHFpSAQq01CJNSM+TEgw5PHoqQcoBQJeC+EAAhsDBQkAAfpA
        BQsJCAcCBhUKCQgLAgQWAgMBAh4BAheAAAoJEEgw5PHoqQcoK2oBAKR3kodkpVsv
        0B5K0rObMaSTw3CBO8CgNfYMCaF3mpoKAQCY3GSy4Seq2RLQLEiBpOKXtSOtDfoo
        KqaTEsUilVFdD7g4BF4L4QASCisGAQQBl1UBBQEBB0ArZkD4f1DO4pB/80W8SW14
        24VVq8fOjjOpPgeOxtPhJwMBCAeIfgQYFggAJhYhBHFpSAQq01CJNSM+TEgw5PHo
        qQcoBQJeC+EAAhsMBQkAAfpAAAoJEEgw5PHoqQcolDQA/AoGp8RS/wQMhCNYzGQF
        OksGhOESzwHvqqbbor09uMoDAP0TQgcMOr+uK+lk21wQkb8l9r5TqHCPW2AW8gXH
        Daa7AA==
        =Ndke
        -----END PGP PUBLIC KEY BLOCK-----
        """

    static let revokedPublic = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        mDMEawRt6hYJKwYBBAHaRw8BAQdA860+wPQ3UUORV+1vUpDDZQDG3Wv4Pz1AX2l1
        t9iK4kOIeAQgFggAIBYhBIhTOfLjow16qHHE1n0X0rZMq0lWBQJrBG3qAh0AAAoJ
        EH0X0rZMq0lWAGgA/iqy1s03vCikVuEJxvMINd0QW+KSqYwh55hUjl7hMbpxAQDz
        hzynDe5jR3uT6SGjULsKkvluVcr1vzGnYby1rk2JCLQrT3V0ZmxvdyBUZXN0IFJl
        dm9rZWQgPHJldm9rZWRAb3V0Zmxvdy50ZXN0PoiQBBMWCAA4FiEEiFM58uOjDXqo
        ccTWfRfStkyrSVYFAmsEbeoCGwMFCwkIBwIGFQoJCAsCBBYCAwECHgECF4AACgkQ
        fRfStkyrSVbZmwEAxi13bcdf0qa+gShJ8hhRSeZrGFUmxLy7hTGKmUbMx7QBAPeA
        YHzn0IXYvE1evkCbA5XZyA2Gkn7Af1oWxbWvj48OuDgEawRt6hIKKwYBBAGXVQEF
        AQEHQJsambieY9gCPC5AFKOnJwYg0/NPpO7ibdxykK/xCWJIAwEIB4h4BBgWCAAg
        FiEEiFM58uOjDXqoccTWfRfStkyrSVYFAmsEbeoCGwwACgkQfRfStkyrSVZbTgD/
        bxMnsons63PlWWMwI2dCUif2YKl2cMcpGpy2MgHDV/UBAOYfX5/1UgfL5h66Xfv4
        +WBjRoTKMBA5U325vbCGQrYL
        =cAHd
        -----END PGP PUBLIC KEY BLOCK-----
        """

    static let dsaElgamalPublic = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        mQMuBGsEbewRCADyvkpPNE/7b+FGcsnTw13TrlxQ8aSWRpl973G/ri0OYRIGWzwC
        YRjHbKd/goxj/XjfyvXLCcVqppA1eljg91v765DkcJSTqMP/Zsfd9Ha5GZN9IFf/
        jbh3i949AcVwnxhJeEcYT9wzufSM/EKrRRZiMV1lxN44eONc4D71owP6ikoYcxzD
        HOgi/FPZiubLHR5zEMO+OJ5khdREVfiOhbS/EyzJbjeQDuSHOpAbu0biMlJKyaHI
        xz8TIwZIdCb4JHiTVT0cvKc4WBk7mnlOeSpE6OUcwonWK4M/mek5qVoM5FgHCh8u
        v/TWfd0ZaYxwXOS3V4lf+vZVZtAIgzklbKUTAQCWIR1NJveSxQbqnD8L47rMlVID
        6QSiBAeyAtsQvlqhNwf/eICC5YM3J2klSvXkcfNMUBfIqRFxDxpvhSMB7XaBWZUo
        z3WZkozyJ2yOC4ywtvzLnzBVIwZO0MjoGF+AiwBsBxVgve4kE471raFr1Fo89Ftc
        vWmo43qveM5hJ5oE4e4z5+qC2vdpj7ZnI82clf45TvsSySOBo0rRme1dhJ1arXn/
        vo7xsmWPYdJ2aBjxDNyBMRheK2fKi3H3WWTM2JM/wB0amure6f6QRVcLWZc2BfDf
        kQtj03DXNNAxvOqvEbDfo5ulUZCc5FYZsUlASBC8VNQzPU5dNLEPu1jA6yscUh/l
        fxGtjY7NlbBaBFrN3wSthN3JcM+a+WlZYbxfywNgQQgAgx6KN7vfvuTGr/NuTVuz
        AlmyvSMYmTbVI6LAE5BBYu5fQXXbg7YjsngnwVXsow3IyqH23dm/f/w9N1C/Hl24
        hNjzL+MQu0LeRk8hchhhQViUNLCHZqZSnOc5wv+b8aaV75QuQH7ShtGR0NIr8oHK
        vw2sFUbiuUud95+ETko1qcDoHdL81sr2lrwnam6pnFnj/qi5AHtq0TlZ4sI/QWet
        3kJWcw05EYf21vIdLwg1vw/5X8lo5lZEtdt2cDoi71COi4mFMAMC3CtPbyISm3dT
        zNJBz/FBqKa3niKI12nL7c7yILHZpb1VbiGGdoOZDo5AxvkMbOrR4hMFcoulzx42
        I7QjT3V0ZmxvdyBUZXN0IERTQSA8ZHNhQG91dGZsb3cudGVzdD6IkAQTEQgAOBYh
        BHIRfefmfZ1Tff7Eee3X4YRhd9TZBQJrBG3sAhsDBQsJCAcCBhUKCQgLAgQWAgMB
        Ah4BAheAAAoJEO3X4YRhd9TZ5UMBAIH9DqC/MyVpYvJA9sTigyFxoaO10/wKLgbS
        a+qnNZmsAPwLrkrolTA6B7u3opLJRjUf2S5VJIw1TDgklJa/YbAJCbkCDQRrBG3t
        EAgAnw5MXQgtWTKlV1G8rd2JCjwWK8Vc6LNrMZQ6lBhP/f3ywk7WOzDThJ5MUZ19
        UESwaXgHtV+lRCsMpBOrtbP9fzj3rqhQRXOBtsMhtN0twlNTeF1TD6hRJDamuZ4A
        YhON/C1ZtcugGr+UPt1Zwo4/8Gp/MaIS7t6W9tXyEeaca4d10my2odIzUVZC4ngX
        qOTiamCHHfqSSCEgX+A3NzYNkbuHaWXHtXP9KGV8ZHvoBIUOiv9q8Ywxoa0uE62O
        rc36W3VY8k+SkqU000/9Azz4fgG+O4MXHUtkL+5MLc8KAgk1Zbqli8hyAGGtoQNn
        nFq8VsZu24OYyFXXGfCynUpfvwADBQgAhnmU99J5di+J+izA/6qPOjmlqgaOajCH
        eBqAnN7rsVf4Se34UvZD6zzuj1muP3GLFOo1ZGSxA7JLPJWJGHZwyfbq1PfMcG1p
        Es7h33251FLifZBErqfXq3A+ZlBLIYPRwMI79JXa3cueK/Jd4h9NWi7CiovV28kU
        WBMcjz1k85nhMjvUquVLEgQHzB3rQcG177V3ah4vpvd/Z9R+mhPHtK7eI66uWvNu
        DQGvEZAOoafewDzitW8nauIh8l7Fkt8dZxtVjE7ffS3hA+abUBzPjbgy+DKXfk2v
        qQYYoJX3GslLfs/NNNvUZr6UYcprRTuINSttNwCsAmkee+vGtn74xoh4BBgRCAAg
        FiEEchF95+Z9nVN9/sR57dfhhGF31NkFAmsEbe0CGwwACgkQ7dfhhGF31NkGXAD/
        UFiffrsHQZzlPGaY3wCaJPMqcjQd5idnjz8odQBQ2uMA/21T2MlQdSTn9EPXSVKx
        B2a1GPbQJ5filtVopMWmvAqE
        =wYMC
        -----END PGP PUBLIC KEY BLOCK-----
        """
}
